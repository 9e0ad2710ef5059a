package io.meshlet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.config.model.HttpRoute;
import io.meshlet.config.model.VirtualService;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One load keeps one copy of each equal value: a large mesh repeats most of its values many times. */
class LoaderSharingTest {
  private static String virtualService(String name, String labels) {
    return """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: %s
          labels: %s
        spec:
          hosts: [%s]
          http:
          - match:
            - uri: {prefix: /api/}
            route:
            - destination: {host: %s, subset: v1}
        """.formatted(name, labels, name, name);
  }

  @Test
  void equalValuesOfDifferentDocumentsAreOneObject() {
    MeshConfig config = new ConfigLoader().load(
        ConfigSource.string("a.yaml", virtualService("reviews", "{app: a}")),
        ConfigSource.string("b.yaml", virtualService("ratings", "{app: a}") + "---\n"
            + virtualService("details", "{app: a}")));
    List<VirtualService> specs = config.virtualServices().stream().map(Resource::spec).toList();
    HttpRoute reviews = specs.get(0).http().get(0);
    HttpRoute ratings = specs.get(1).http().get(0);
    HttpRoute details = specs.get(2).http().get(0);
    // Strings across the whole load; records, lists and maps within a file.
    assertThat(ratings.route().get(0).destination().subset()).isSameAs(reviews.route().get(0).destination().subset());
    assertThat(details.match()).isSameAs(ratings.match());
    assertThat(details.match().get(0).uri()).isSameAs(ratings.match().get(0).uri());
    assertThat(config.virtualServices().get(2).metadata().labels())
        .isSameAs(config.virtualServices().get(1).metadata().labels());
    assertThat(details).isNotSameAs(ratings).isNotEqualTo(ratings);
  }

  @Test
  void equalMapsWrittenInAnotherOrderKeepTheirOwnOrder() {
    MeshConfig config = new ConfigLoader().load(ConfigSource.string("a.yaml",
        virtualService("reviews", "{app: a, tier: b}") + "---\n" + virtualService("ratings", "{tier: b, app: a}")));
    assertThat(config.virtualServices().get(0).metadata().labels().keySet()).containsExactly("app", "tier");
    assertThat(config.virtualServices().get(1).metadata().labels().keySet()).containsExactly("tier", "app");
  }

  @Test
  void aSharedInvalidValueIsReportedInEveryDocumentThatHasIt() {
    String entry = """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: %s}
        spec:
          hosts: [%s.example.com]
          ports: [{number: 0, name: http, protocol: HTTP}]
        """;
    MeshConfig config = new ConfigLoader().read(ConfigSource.string("a.yaml",
        entry.formatted("a", "a") + "---\n" + entry.formatted("b", "b")));
    assertThat(config.errors()).extracting(Diagnostic::line).containsExactly(6, 13);
    assertThat(config.resources()).isEmpty();
  }
}
