package io.meshlet.route.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostsTest {

  @Test
  void shortNamesResolveInTheRulesNamespaceOthersStayAsWritten() {
    assertThat(Hosts.resolveShortName("reviews", "prod")).isEqualTo("reviews.prod.svc.cluster.local");
    assertThat(Hosts.resolveShortName("reviews.default", "prod")).isEqualTo("reviews.default");
    assertThat(Hosts.resolveShortName("*", "prod")).isEqualTo("*");
    assertThat(Hosts.resolveShortName("*.example.com", "prod")).isEqualTo("*.example.com");
    assertThat(Hosts.resolveShortName("::1", "prod")).isEqualTo("::1");
  }

  @Test
  void alternateNamesDependOnTheClientsNamespace() {
    String fqdn = "reviews.default.svc.cluster.local";
    assertThat(Hosts.alternateNames(fqdn, "default"))
        .containsExactly("reviews", "reviews.default.svc", "reviews.default");
    assertThat(Hosts.alternateNames(fqdn, "other")).containsExactly("reviews.default", "reviews.default.svc");
    assertThat(Hosts.alternateNames("api.example.com", "default")).isEmpty();
  }

  @Test
  void matchesAndSubsetOfFollowIstiosWildcardRules() {
    assertThat(Hosts.matches("*.com", "foo.com")).isTrue();
    assertThat(Hosts.matches("bar.com", "*.com")).isTrue();
    assertThat(Hosts.matches("*.foo.com", "foo.com")).isFalse();
    assertThat(Hosts.matches("*", "*.com")).isTrue();
    assertThat(Hosts.subsetOf("a.foo.com", "*.foo.com")).isTrue();
    assertThat(Hosts.subsetOf("*.foo.com", "*.com")).isTrue();
    assertThat(Hosts.subsetOf("*.com", "*.foo.com")).isFalse();
    assertThat(Hosts.subsetOf("*.foo.com", "a.foo.com")).isFalse();
    assertThat(Hosts.moreSpecific("a.foo.com", "*.foo.com")).isTrue();
    assertThat(Hosts.moreSpecific("*.a.foo.com", "*.foo.com")).isTrue();
  }

  @Test
  void exportToHonoursDotStarTildeAndNames() {
    assertThat(Hosts.exportedTo(List.of(), "a", "b")).isTrue();
    assertThat(Hosts.exportedTo(List.of("*"), "a", "b")).isTrue();
    assertThat(Hosts.exportedTo(List.of("."), "a", "a")).isTrue();
    assertThat(Hosts.exportedTo(List.of("."), "a", "b")).isFalse();
    assertThat(Hosts.exportedTo(List.of("~"), "a", "a")).isFalse();
    assertThat(Hosts.exportedTo(List.of("b"), "a", "b")).isTrue();
  }
}
