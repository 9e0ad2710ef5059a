#!/usr/bin/env bash
# The README's demo: validate the shipped Bookinfo configuration, show how mistakes are reported,
# and explain how two requests would be routed. Build first: ./mvnw -B -q package -DskipTests
set -u
cd "$(dirname "$0")"
mesh() { java -jar mesh-cli/target/mesh.jar "$@"; }
[ -f mesh-cli/target/mesh.jar ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 2; }

echo "== mesh validate samples/bookinfo/mesh"
mesh validate samples/bookinfo/mesh
echo
echo "== mesh validate samples/broken   (deliberate mistakes; exit code 1)"
mesh validate samples/broken
echo
echo "== mesh explain: end-user jason"
mesh explain --config samples/bookinfo/mesh --workload default/productpage -H 'end-user: jason' \
  GET http://reviews:9080/reviews/1
echo
echo "== mesh explain: everyone else"
mesh explain --config samples/bookinfo/mesh --workload default/productpage GET http://reviews:9080/reviews/1
