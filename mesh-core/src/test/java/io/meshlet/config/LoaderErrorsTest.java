package io.meshlet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed documents that the loader itself catches (YAML syntax, the Kubernetes envelope, unknown
 * fields, wrong types, enums, durations), each located by exact field path, line and column.
 */
class LoaderErrorsTest {
  private static final String VS = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: reviews
      spec:
        hosts: [reviews]
        http:
        - route:
          - destination:
              host: reviews
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        c("unknown field with suggestion", VS.replace("  http:", "  htpp:"), "spec.htpp", 7, 3,
            "unknown field \"htpp\"; did you mean \"http\"?"),
        c("unknown nested field", VS.replace("        host: reviews", "        host: reviews\n        subsets: v1"),
            "spec.http[0].route[0].destination.subsets", 11, 9, "did you mean \"subset\"?"),
        c("snake_case key", VS.replace("  http:", "  export_to: [\".\"]\n  http:"), "spec.export_to", 7, 3,
            "did you mean \"exportTo\"?"),
        c("list where object expected", VS.replace("  - route:", "  - rewrite: [a]\n    route:"),
            "spec.http[0].rewrite", 8, 5, "must be an object, got a list"),
        c("scalar where list expected", VS.replace("hosts: [reviews]", "hosts: reviews"), "spec.hosts", 6, 3,
            "must be a list, got the string \"reviews\""),
        c("number where string expected", VS.replace("hosts: [reviews]", "hosts: [1.5]"), "spec.hosts[0]", 6, 11,
            "must be a string, got the number 1.5; quote it"),
        c("boolean where string expected", VS.replace("host: reviews", "host: yes"),
            "spec.http[0].route[0].destination.host", 10, 9, "must be a string, got the boolean yes"),
        c("string where integer expected", VS.replace("host: reviews", "host: reviews\n      weight: \"50\""),
            "spec.http[0].route[0].weight", 11, 7, "must be an integer, got the string \"50\""),
        c("fraction where integer expected", VS.replace("host: reviews", "host: reviews\n      weight: 2.5"),
            "spec.http[0].route[0].weight", 11, 7, "must be an integer"),
        c("integer beyond int32", VS.replace("host: reviews", "host: reviews\n      weight: 99999999999"),
            "spec.http[0].route[0].weight", 11, 7, "out of range"),
        c("bad duration unit", VS.replace("  - route:", "  - timeout: 5x\n    route:"), "spec.http[0].timeout", 8, 5,
            "invalid duration \"5x\""),
        c("duration without unit", VS.replace("  - route:", "  - timeout: 5\n    route:"), "spec.http[0].timeout", 8, 5,
            "must be a duration with a unit"),
        c("negative duration", VS.replace("  - route:", "  - timeout: -1s\n    route:"), "spec.http[0].timeout", 8, 5,
            "must not be negative"),
        c("bad enum", """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              trafficPolicy:
                loadBalancer:
                  simple: ROUND_ROBINN
            """, "spec.trafficPolicy.loadBalancer.simple", 9, 7,
            "must be one of UNSPECIFIED, LEAST_CONN, RANDOM, PASSTHROUGH, ROUND_ROBIN, LEAST_REQUEST"),
        c("enum in wrong case", """
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: ext
            spec:
              hosts: [api.example.com]
              resolution: dns
            """, "spec.resolution", 7, 3, "did you mean DNS?"),
        c("duplicate field", VS.replace("hosts: [reviews]", "hosts: [reviews]\n  hosts: [ratings]"), "spec.hosts", 7, 3,
            "duplicate field"),
        c("duplicate map key", """
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata:
              name: vm
            spec:
              address: 10.0.0.1
              labels:
                app: a
                app: b
            """, "spec.labels.app", 9, 5, "duplicate key \"app\""),
        c("unknown field with a dot in its name", VS.replace("  http:", "  a.b: 1\n  http:"), "spec.a.b", 7, 3,
            "unknown field \"a.b\""),
        c("bad label key, written as a quoted map key", """
            apiVersion: networking.istio.io/v1
            kind: WorkloadEntry
            metadata:
              name: vm
            spec:
              address: 10.0.0.1
              labels:
                app: a
                "-bad.key": b
            """, "spec.labels[\"-bad.key\"]", 9, 5, "bad.key"),
        c("null list item", VS.replace("hosts: [reviews]", "hosts: [reviews, ~]"), "spec.hosts[1]", 6, 20,
            "must not be null"),
        c("missing apiVersion", VS.replace("apiVersion: networking.istio.io/v1\n", ""), "apiVersion", 1, 1, "required"),
        c("missing kind", VS.replace("kind: VirtualService\n", ""), "kind", 1, 1, "required"),
        c("unsupported version", VS.replace("networking.istio.io/v1", "networking.istio.io/v2"), "apiVersion", 1, 1,
            "unsupported version \"v2\""),
        c("missing metadata", VS.replace("metadata:\n  name: reviews\n", ""), "metadata", 1, 1, "required"),
        c("missing name", VS.replace("  name: reviews", "  namespace: prod"), "metadata.name", 3, 1, "required"),
        c("upper-case name", VS.replace("name: reviews", "name: Reviews"), "metadata.name", 4, 3, "DNS-1123"),
        c("bad namespace", VS.replace("name: reviews", "name: reviews\n  namespace: Prod_1"), "metadata.namespace", 5, 3,
            "DNS-1123 label"),
        c("missing spec", VS.substring(0, VS.indexOf("spec:")), "spec", 1, 1, "required"),
        c("unknown top-level field", VS + "status2: {}\n", "status2", 11, 1, "unknown field \"status2\""),
        c("spec is a list", VS.substring(0, VS.indexOf("spec:")) + "spec: [1]\n", "spec", 5, 1,
            "must be an object, got a list"),
        c("YAML syntax error", VS.replace("hosts: [reviews]", "hosts: [reviews"), "", 7, 7,
            "invalid YAML: while parsing a flow sequence: expected ',' or ']'"),
        c("tab indentation", VS.replace("  hosts:", "\thosts:"), "", 6, 1, "invalid YAML"),
        c("merge key", VS.replace("  hosts: [reviews]", "  <<: {hosts: [x]}"), "spec", 6, 3, "merge keys"),
        c("global tag", VS.replace("hosts: [reviews]", "hosts: [!!python/object reviews]"), "", 6, 11,
            "Global tag is not allowed"),
        c("local tag", VS.replace("hosts: [reviews]", "hosts: [!custom reviews]"), "spec.hosts[0]", 6, 11,
            "YAML tag !custom is not allowed"),
        c("removed field that changed behaviour", VS.replace("  - route:", "  - appendHeaders: {a: b}\n    route:"),
            "spec.http[0].appendHeaders", 8, 5, "removed from Istio's API"),
        c("error in second document only", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n"
            + VS.replace("hosts: [reviews]", "hosts: 7"), "spec.hosts", 10, 3, "must be a list"),
        c("error inside a List item", "apiVersion: v1\nkind: List\nitems:\n- " + VS.strip().replace("\n", "\n  ")
            .replace("hosts: [reviews]", "hosts: {a: b}"), "items[0].spec.hosts", 9, 5, "must be a list"),
        c("JSON with an error", """
            {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
             "metadata": {"name": "reviews"},
             "spec": {"hosts": ["reviews"], "http": [{"route": [{"destination": {"host": "reviews"}}],
                      "timeout": "fast"}]}}
            """, "spec.http[0].timeout", 4, 11, "invalid duration \"fast\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsFieldPathLineAndColumn(String name, String yaml, String path, int line, int column, String message) {
    MeshConfig config = new ConfigLoader().read(ConfigSource.string("mesh.yaml", yaml));
    assertThat(config.errors()).as(name).isNotEmpty();
    Diagnostic first = config.errors().get(0);
    assertThat(first.path()).as("path").isEqualTo(path);
    assertThat(first.line()).as("line of %s", first).isEqualTo(line);
    assertThat(first.column()).as("column of %s", first).isEqualTo(column);
    assertThat(first.message()).contains(message);
    assertThat(first.toString()).startsWith("mesh.yaml:" + line + ":" + column + ": error: ");
  }

  @org.junit.jupiter.api.Test
  void everyErrorOfALoadIsReportedTogether() {
    String yaml = VS.replace("hosts: [reviews]", "hosts: [1]\n  htpp: []") + "---\n"
        + VS.replace("  - route:", "  - timeout: soon\n    route:");
    assertThatThrownBy(() -> new ConfigLoader().load(ConfigSource.string("mesh.yaml", yaml)))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.errors()).extracting(Diagnostic::path)
              .containsExactly("spec.hosts[0]", "spec.htpp", "spec.http[0].timeout");
          assertThat(e.getMessage()).startsWith("3 configuration errors:\nmesh.yaml:6:11: error: spec.hosts[0]: ");
        });
  }

  @org.junit.jupiter.api.Test
  void documentsWithErrorsAreDroppedOthersKeptByRead() {
    String yaml = VS + "---\n" + VS.replace("name: reviews", "name: ratings").replace("hosts: [reviews]", "hosts: 3");
    MeshConfig config = new ConfigLoader().read(ConfigSource.string("mesh.yaml", yaml));
    assertThat(config.virtualServices()).extracting(Resource::name).containsExactly("reviews");
    assertThat(config.errors()).hasSize(1);
  }

  @org.junit.jupiter.api.Test
  void otherKindsAreSkippedWithANote() {
    String yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n---\n" + VS;
    MeshConfig config = new ConfigLoader().read(ConfigSource.string("mesh.yaml", yaml));
    assertThat(config.errors()).isEmpty();
    assertThat(config.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Diagnostic.Severity.NOTE);
      assertThat(d.message()).isEqualTo("skipped apps/v1 Deployment: not a networking.istio.io kind");
    });
    assertThat(config.virtualServices()).hasSize(1);
  }

  @org.junit.jupiter.api.Test
  void unsupportedNetworkingKindIsAWarning() {
    String yaml = "apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata: {name: f}\nspec: {}\n";
    MeshConfig config = new ConfigLoader().read(ConfigSource.string("mesh.yaml", yaml));
    assertThat(config.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
      assertThat(d.path()).isEqualTo("kind");
    });
  }

  @org.junit.jupiter.api.Test
  void everyApiVersionReadsTheSameSchema() {
    for (String version : List.of("v1", "v1beta1", "v1alpha3")) {
      MeshConfig config = new ConfigLoader().load(ConfigSource.string(VS.replace("/v1\n", "/" + version + "\n")));
      assertThat(config.virtualServices()).singleElement()
          .satisfies(r -> assertThat(r.apiVersion()).isEqualTo("networking.istio.io/" + version));
    }
  }

  @org.junit.jupiter.api.Test
  void namespaceDefaultsToTheLoadersNamespace() {
    assertThat(new ConfigLoader().load(ConfigSource.string(VS)).virtualServices().get(0).namespace())
        .isEqualTo("default");
    assertThat(new ConfigLoader().defaultNamespace("prod").load(ConfigSource.string(VS)).virtualServices().get(0)
        .namespace()).isEqualTo("prod");
  }

  @org.junit.jupiter.api.Test
  void kubectlOutputLoads() {
    String yaml = VS.replace("  name: reviews", """
          name: reviews
          namespace: default
          uid: 6b1c
          resourceVersion: "123"
          generation: 2
          creationTimestamp: "2024-01-01T00:00:00Z"
          managedFields:
          - manager: kubectl
        """.stripTrailing()) + "status: {}\n";
    assertThat(new ConfigLoader().read(ConfigSource.string(yaml)).diagnostics()).isEmpty();
  }

  private static Arguments c(String name, String yaml, String path, int line, int column, String message) {
    return Arguments.of(name, yaml, path, line, column, message);
  }
}
