package io.meshlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The request model's URL parts and header fields, and that built requests never change. */
class MeshRequestTest {

  @Test
  void urlPartsAreNormalized() {
    MeshRequest r = MeshRequest.of("get", "HTTP://Reviews.Default:9080/a/b?x=1&debug");
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.scheme()).isEqualTo("http");
    assertThat(r.host()).isEqualTo("reviews.default");
    assertThat(r.port()).isEqualTo(9080);
    assertThat(r.path()).isEqualTo("/a/b");
    assertThat(r.queryParameter("x")).isEqualTo("1");
    assertThat(r.queryParameter("debug")).isEmpty();
    assertThat(r.queryParameter("y")).isNull();
    assertThat(r.authority()).isEqualTo("reviews.default:9080");
    assertThat(MeshRequest.of("GET", "https://[::1]/").url()).isEqualTo("https://[::1]/");
  }

  @Test
  void caseIsFoldedAsLocaleRootDoesAndNormalizedTextIsKeptAsIs() {
    String method = "POST";
    String host = "reviews.default";
    String name = "x-user";
    MeshRequest r = MeshRequest.builder().method(method).scheme("http").host(host).header(name, "Jason").build();
    assertThat(r.method()).isSameAs(method);
    assertThat(r.host()).isSameAs(host);
    assertThat(r.headerName(0)).isSameAs(name);
    assertThat(r.header("X-User")).isEqualTo("Jason");

    // Non-ASCII text goes to the JDK's Locale.ROOT mapping, whatever the default locale.
    MeshRequest odd = MeshRequest.builder().method("patch\u00b5").host("B\u00dcCHER.example").header("\u00c4-Id", "1").build();
    assertThat(odd.method()).isEqualTo("PATCH\u039c");
    assertThat(odd.host()).isEqualTo("b\u00fccher.example");
    assertThat(odd.headerName(0)).isEqualTo("\u00e4-id");
    assertThat(odd.header("\u00c4-ID")).isEqualTo("1");
  }

  @Test
  void headersKeepOrderAndRepeatsWithLowerCaseNames() {
    MeshRequest.Builder b = MeshRequest.builder().host("reviews");
    for (int i = 0; i < 11; i++) { // past the first capacity
      b.header(i % 2 == 0 ? "X-Even" : "x-odd", "v" + i);
    }
    MeshRequest r = b.header("Host", "reviews.example:81").build();
    assertThat(r.headerCount()).isEqualTo(12);
    assertThat(r.headerName(0)).isEqualTo("x-even");
    assertThat(r.headerValue(1)).isEqualTo("v1");
    assertThat(r.header("X-ODD")).isEqualTo("v1");
    assertThat(r.headers("x-even")).containsExactly("v0", "v2", "v4", "v6", "v8", "v10");
    assertThat(r.authority()).isEqualTo("reviews.example:81");
    assertThatThrownBy(() -> r.headerName(12)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> r.headerValue(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aBuiltRequestDoesNotSeeLaterBuilderChanges() {
    MeshRequest.Builder b = MeshRequest.builder().host("reviews").header("a", "1");
    MeshRequest first = b.build();
    MeshRequest second = b.header("b", "2").removeHeader("a").header("c", "3").build();
    b.header("d", "4");

    assertThat(first.headerCount()).isEqualTo(1);
    assertThat(first.header("a")).isEqualTo("1");
    assertThat(second.headerCount()).isEqualTo(2);
    assertThat(second.headers("b")).containsExactly("2");
    assertThat(second.header("a")).isNull();
    assertThat(second.header("d")).isNull();
  }

  @Test
  void newBuilderCopiesBeforeChanging() {
    MeshRequest original = MeshRequest.builder().host("reviews").header("a", "1").header("b", "2").build();
    MeshRequest changed = original.newBuilder().header("c", "3").build();
    MeshRequest other = original.newBuilder().header("x", "9").build(); // appends where changed did
    MeshRequest removed = original.newBuilder().removeHeader("A").build();

    assertThat(original.headerCount()).isEqualTo(2);
    assertThat(original.header("c")).isNull();
    assertThat(changed.headers("a")).containsExactly("1");
    assertThat(changed.header("c")).isEqualTo("3");
    assertThat(changed.header("x")).isNull();
    assertThat(other.header("x")).isEqualTo("9");
    assertThat(other.header("c")).isNull();
    assertThat(removed.headerCount()).isEqualTo(1);
    assertThat(removed.header("b")).isEqualTo("2");
  }
}
