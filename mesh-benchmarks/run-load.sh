#!/usr/bin/env bash
# The end-to-end loopback load benchmark in one command, from anywhere in the repository:
#
#   mesh-benchmarks/run-load.sh [options]        # options: --help, or see docs/performance.md
#
# Installs HAProxy (Debian's package) when it is missing, builds mesh-benchmarks/target/benchmarks.jar
# when it is missing or older than the sources (SKIP_BUILD=1 to never build), and runs
# io.meshlet.benchmarks.load.LoadBenchmark, which starts the endpoint server JVM and the HAProxy
# processes itself (configuration in a temporary directory), stops them at the end, prints the
# tables and updates docs/performance.md and docs/images/load-latency*.png.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

haproxy="${HAPROXY:-$(command -v haproxy || true)}"
if [[ -z "$haproxy" && -x /usr/sbin/haproxy ]]; then
  haproxy=/usr/sbin/haproxy
fi
if [[ -z "$haproxy" ]]; then
  echo "run-load.sh: installing HAProxy (apt-get install haproxy)" >&2
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
  $sudo apt-get install -y -q haproxy >/dev/null || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q haproxy >/dev/null; }
  haproxy="$(command -v haproxy || echo /usr/sbin/haproxy)"
fi

jar=mesh-benchmarks/target/benchmarks.jar
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  if [[ ! -f "$jar" ]] || [[ -n "$(find mesh-core/src/main mesh-okhttp/src/main mesh-benchmarks/src/main mesh-benchmarks/pom.xml pom.xml -newer "$jar" -print -quit)" ]]; then
    echo "run-load.sh: building $jar" >&2
    ./mvnw -B -q package -DskipTests -pl mesh-benchmarks -am
  fi
fi

exec java -Xms512m -Xmx512m -Djava.awt.headless=true -cp "$jar" io.meshlet.benchmarks.load.LoadBenchmark \
  --haproxy "$haproxy" --docs "$root/docs" "$@"
