package io.meshlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
  private static final String MESH = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: reviews, namespace: default}
      spec:
        hosts: [reviews.default.svc.cluster.local]
        ports: [{number: 9080, name: http, protocol: HTTP}]
        resolution: STATIC
        endpoints: [{address: 10.0.0.1, labels: {version: v1}}, {address: 10.0.0.2, labels: {version: v2}}]
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: default}
      spec:
        hosts: [reviews]
        http:
        - name: jason
          match: [{headers: {end-user: {exact: jason}}}]
          route: [{destination: {host: reviews, subset: v2}}]
        - match: [{sourceLabels: {app: productpage}}]
          route: [{destination: {host: reviews, subset: v1}}]
      """;

  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  private Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MeshCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path mesh() throws Exception {
    Path file = dir.resolve("mesh.yaml");
    Files.writeString(file, MESH);
    return file;
  }

  @Test
  void printsTheMatchedRouteAndWhyEarlierRoutesFailed() throws Exception {
    Result r = run("explain", "--config", mesh().toString(), "--workload", "default/productpage-v1",
        "--label", "app=productpage", "GET", "http://reviews:9080/reviews/1", "-H", "end-user: bob");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("VirtualService default/reviews")
        .contains("headers[end-user]: expected exact \"jason\", got \"bob\"")
        .contains("outbound|9080|v1|reviews.default.svc.cluster.local");
  }

  @Test
  void workloadLabelsDecideSourceLabelBlocks() throws Exception {
    Result r = run("explain", "--config", mesh().toString(), "GET", "http://reviews:9080/");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("skipped, sourceLabels").contains("NO_ROUTE 404");
  }

  @Test
  void jsonOutputIsTheExplanationRecord() throws Exception {
    Result r = run("explain", "--json", "--config", mesh().toString(), "GET", "http://reviews:9080/",
        "-H", "end-user: jason");
    assertThat(r.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.at("/decision/cluster").asText()).isEqualTo("outbound|9080|v2|reviews.default.svc.cluster.local");
    assertThat(json.at("/decision/routeName").asText()).isEqualTo("jason");
  }

  @Test
  void configErrorsArePrintedLikeValidateWithExitCode1() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route: [{destination: {host: reviews}, weight: -5}]
        """);
    Result r = run("explain", "--config", bad.toString(), "GET", "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("bad.yaml:7:").contains("error: spec.http[0].route[0].weight");
  }

  @Test
  void usageErrorsExitWith2() throws Exception {
    assertThat(run("explain", "GET", "http://reviews:9080/").code()).isEqualTo(2);
    assertThat(run("explain", "--config", mesh().toString(), "GET").code()).isEqualTo(2);
    assertThat(run("explain", "--config", mesh().toString(), "--bogus", "GET", "http://x/").code()).isEqualTo(2);
    assertThat(run("explain", "--config", mesh().toString(), "--workload", "nons", "GET", "http://x/").code())
        .isEqualTo(2);
    assertThat(run("explain", "--config", mesh().toString(), "GET", "not a url").code()).isEqualTo(2);
  }
}
