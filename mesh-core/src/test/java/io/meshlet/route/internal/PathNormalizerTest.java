package io.meshlet.route.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Istio's BASE path normalisation (Envoy normalize_path without merge_slashes). */
class PathNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/|/",
      "/app/|/app/",
      "/app/../admin|/admin",
      "/app|/app",
      "/app//|/app//",
      "/app/%2f|/app/%2f",
      "/app%2f/|/app%2f/",
      "/xyz%30..//abc|/xyz0..//abc",
      "/app/%2E./admin|/admin",
      "/app\\admin|/app/admin",
      "/app/\\/\\/\\admin|/app//////admin",
      "/%2Fapp%5cadmin%5Cabc|/%2Fapp%5cadmin%5Cabc",
      "/%5Capp%2f%5c%2F%2e%2e%2fadmin%5c\\abc|/%5Capp%2f%5c%2F..%2fadmin%5c/abc",
      "/app//../admin|/app/admin",
      "/app//../../admin|/admin",
      "/a/b/..|/a/",
      "/a/.|/a/",
      "/../a|/a",
      "/a/./b|/a/b",
      "/a%7Eb|/a~b",
      "/a b|/a%20b",
      "/app#frag|/app",
      "relative|/relative",
  })
  void normalisesAsEnvoy(String in, String out) {
    assertThat(PathNormalizer.normalize(in)).isEqualTo(out);
  }

  @Test
  void returnsTheSameInstanceWhenNothingChanges() {
    String path = "/reviews/1/.well-known.txt";
    assertThat(PathNormalizer.normalize(path)).isEqualTo("/reviews/1/.well-known.txt");
    String plain = "/reviews/1";
    assertThat(PathNormalizer.normalize(plain)).isSameAs(plain);
  }

  @Test
  void escapesNonAsciiAsUtf8() {
    assertThat(PathNormalizer.normalize("/caf\u00e9")).isEqualTo("/caf%C3%A9");
  }
}
