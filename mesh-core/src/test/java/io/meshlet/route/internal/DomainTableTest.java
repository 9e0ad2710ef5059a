package io.meshlet.route.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DomainTableTest {

  private static DomainTable<String> table() {
    DomainTable.Builder<String> b = new DomainTable.Builder<>();
    b.put("reviews", "exact");
    b.put("*.example.com", "wide");
    b.put("*.api.example.com", "narrow");
    b.put("*", "star");
    return b.build();
  }

  private static String find(DomainTable<String> t, String host) {
    return t.find(host, 0, host.length());
  }

  @Test
  void exactThenLongestSuffixThenStar() {
    DomainTable<String> t = table();
    assertThat(find(t, "reviews")).isEqualTo("exact");
    assertThat(find(t, "v1.api.example.com")).isEqualTo("narrow");
    assertThat(find(t, "www.example.com")).isEqualTo("wide");
    assertThat(find(t, "example.com")).isEqualTo("star");
    assertThat(find(t, ".example.com")).isEqualTo("star");
  }

  @Test
  void lookupIsCaseInsensitiveAndWorksOnARegion() {
    DomainTable<String> t = table();
    assertThat(find(t, "REVIEWS")).isEqualTo("exact");
    String authority = "reviews:9080";
    assertThat(t.find(authority, 0, authority.indexOf(':'))).isEqualTo("exact");
    assertThat(t.matchedDomain("www.Example.com")).isEqualTo("*.example.com");
  }

  @Test
  void theFirstValueKeepsADomain() {
    DomainTable.Builder<String> b = new DomainTable.Builder<>();
    assertThat(b.put("reviews", "first")).isTrue();
    assertThat(b.put("Reviews", "second")).isFalse();
    assertThat(find(b.build(), "reviews")).isEqualTo("first");
  }

  @Test
  void withoutAStarAnUnknownHostFindsNothing() {
    DomainTable.Builder<String> b = new DomainTable.Builder<>();
    b.put("reviews", "exact");
    assertThat(find(b.build(), "ratings")).isNull();
  }
}
