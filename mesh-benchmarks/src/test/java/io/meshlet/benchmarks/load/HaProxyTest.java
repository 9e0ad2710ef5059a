package io.meshlet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaProxyTest {

  @Test
  void roundRobinConfigurationListsEveryEndpoint() {
    String config = HaProxy.roundRobin(8000, List.of(9001, 9002, 9003));

    assertThat(config).contains("bind 127.0.0.1:8000", "balance roundrobin", "mode http", "http-reuse always",
        "server e0 127.0.0.1:9001", "server e1 127.0.0.1:9002", "server e2 127.0.0.1:9003");
  }

  @Test
  void sidecarConfigurationForwardsEachFrontendToOneEndpoint() {
    String config = HaProxy.sidecars(List.of(8001, 8002), List.of(9001, 9002));

    assertThat(config).contains("bind 127.0.0.1:8001\n    default_backend app0\nbackend app0\n    server e0 127.0.0.1:9001",
        "bind 127.0.0.1:8002\n    default_backend app1\nbackend app1\n    server e1 127.0.0.1:9002");
  }

  /** Checked by HAProxy itself ({@code -c}) where it is installed. */
  @Test
  void haproxyAcceptsBothConfigurations(@TempDir Path dir) throws Exception {
    Path haproxy = Path.of("/usr/sbin/haproxy");
    assumeTrue(Files.isExecutable(haproxy), "HAProxy is not installed");
    for (String config : List.of(HaProxy.roundRobin(8000, List.of(9001, 9002, 9003)),
        HaProxy.sidecars(List.of(8001, 8002, 8003), List.of(9001, 9002, 9003)))) {
      Path file = Files.writeString(dir.resolve("check.cfg"), config);
      Process p = new ProcessBuilder(haproxy.toString(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());

      assertThat(p.waitFor()).as(out).isZero();
    }
  }
}
