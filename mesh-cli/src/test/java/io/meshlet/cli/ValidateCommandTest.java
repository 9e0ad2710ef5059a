package io.meshlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void shippedSamplesAreValid() {
    assertThat(run("validate", "../samples/bookinfo/mesh")).isZero();
    assertThat(stdout()).isEqualTo("7 resources, 0 errors, 0 warnings\n");
  }

  @Test
  void printsOneLinePerProblemWithTheFileAsGivenAndExitsOne(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("mesh.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          htpp: []
        """);
    assertThat(run("validate", file.toString())).isEqualTo(1);
    assertThat(stdout()).startsWith(file + ":7:3: error: spec.htpp: unknown field \"htpp\"; did you mean \"http\"?\n")
        .contains(": error: spec: at least one http, tls or tcp route is required\n")
        .endsWith("0 resources, 2 errors, 0 warnings\n");
  }

  @Test
  void warningsDoNotFail(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("gw.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: ws
        spec:
          hosts: [ws]
          http:
          - websocketUpgrade: true
            route:
            - destination: {host: ws}
        """);
    assertThat(run("validate", dir.toString())).isZero();
    assertThat(stdout()).contains(": warning: spec.http[0].websocketUpgrade: ");
  }

  @Test
  void missingFileIsAnError() {
    assertThat(run("validate", "no/such/dir")).isEqualTo(1);
    assertThat(stdout()).startsWith("no/such/dir: error: no such file or directory\n");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run("validate")).isEqualTo(2);
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command \"frobnicate\"");
  }

  private int run(String... args) {
    return MeshCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
