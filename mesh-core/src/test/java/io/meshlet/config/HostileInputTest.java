package io.meshlet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input ends in a clear error within a second: never an out-of-memory error, a stack
 * overflow, a hang, or an object instantiated from a YAML tag.
 */
class HostileInputTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void tenMegabytesOfGarbageFromAFile(@TempDir Path dir) throws Exception {
    byte[] garbage = new byte[10 * 1024 * 1024];
    new SplittableRandom(1).nextBytes(garbage);
    Path file = Files.write(dir.resolve("garbage.yaml"), garbage);
    MeshConfig config = assertTimeoutPreemptively(SECOND, () -> new ConfigLoader().read(ConfigSource.path(file)));
    assertThat(config.errors()).singleElement()
        .satisfies(d -> assertThat(d.message()).contains("file is too large (10.0 MB)"));
  }

  @Test
  void threeMegabytesOfBinaryGarbageIsNotText() {
    byte[] garbage = new byte[3 * 1024 * 1024];
    new SplittableRandom(2).nextBytes(garbage);
    MeshConfig config = assertTimeoutPreemptively(SECOND,
        () -> new ConfigLoader().read(ConfigSource.string("x", new String(garbage, StandardCharsets.ISO_8859_1))));
    assertThat(config.errors()).singleElement().satisfies(d -> assertThat(d.message()).startsWith("invalid YAML"));
  }

  @Test
  void fiveMegabytesOfPrintableGarbageOnOneLineIsRejectedBeforeParsing() {
    StringBuilder text = new StringBuilder(5 * 1024 * 1024);
    SplittableRandom random = new SplittableRandom(3);
    while (text.length() < 5 * 1024 * 1024) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    MeshConfig config = assertTimeoutPreemptively(SECOND,
        () -> new ConfigLoader().read(ConfigSource.string("x", text.toString())));
    assertThat(config.errors()).singleElement()
        .satisfies(d -> assertThat(d.message()).isEqualTo(
            "line 1 is longer than 256 KiB; split it (long text reads best as a block scalar, |)"));
  }

  @Test
  void fiveMegabytesOfPrintableGarbageInShortLinesHitsTheDocumentLimit() {
    StringBuilder text = new StringBuilder(5 * 1024 * 1024);
    SplittableRandom random = new SplittableRandom(4);
    while (text.length() < 5 * 1024 * 1024) {
      text.append(random.nextInt(40) == 0 ? '\n' : (char) ('a' + random.nextInt(26)));
    }
    MeshConfig config = assertTimeoutPreemptively(SECOND,
        () -> new ConfigLoader().read(ConfigSource.string("x", text.toString())));
    assertThat(config.errors()).singleElement()
        .satisfies(d -> assertThat(d.message()).contains("exceeds the limit: 3145728 code points"));
  }

  @Test
  void billionLaughsAliasBomb() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j > 0 ? "," : "").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    MeshConfig config = assertTimeoutPreemptively(SECOND,
        () -> new ConfigLoader().read(ConfigSource.string("bomb.yaml", yaml.toString())));
    assertThat(config.errors()).singleElement()
        .satisfies(d -> assertThat(d.message()).contains("Number of aliases for non-scalar nodes exceeds"));
  }

  @Test
  void aliasExpansionInsideASpecIsBoundedByTheNodeBudget() {
    // 37 aliases (under the limit of 50) that expand to 20 routes x 16 match blocks x 2,000 headers.
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      headers.append("        h").append(i).append(": {exact: v}\n");
    }
    String yaml = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: bomb
          annotations:
            x: &block
              headers:
        %s
            y: &blocks [%s]
            z: &route
              match: *blocks
              route: [{destination: {host: a}}]
        spec:
          hosts: [a]
          http: [%s]
        """.formatted(headers.toString().stripTrailing(), String.join(", ", java.util.Collections.nCopies(16, "*block")),
        String.join(", ", java.util.Collections.nCopies(20, "*route")));
    MeshConfig config = assertTimeoutPreemptively(SECOND, () -> new ConfigLoader().read(ConfigSource.string("b.yaml", yaml)));
    assertThat(config.errors()).extracting(Diagnostic::message)
        .contains("document is too large once its aliases are expanded");
    assertThat(config.errors().size()).isLessThan(300);
  }

  @Test
  void tenThousandNestingLevels() {
    String yaml = "[".repeat(10_000) + "]".repeat(10_000);
    MeshConfig config = assertTimeoutPreemptively(SECOND, () -> new ConfigLoader().read(ConfigSource.string("deep.yaml", yaml)));
    assertThat(config.errors()).singleElement()
        .satisfies(d -> assertThat(d.message()).contains("Nesting Depth exceeded"));
  }

  @Test
  void tenThousandNestedMaps() {
    String yaml = "{k: ".repeat(10_000) + "v" + "}".repeat(10_000);
    MeshConfig config = assertTimeoutPreemptively(SECOND, () -> new ConfigLoader().read(ConfigSource.string("deep.yaml", yaml)));
    assertThat(config.errors()).singleElement()
        .satisfies(d -> assertThat(d.message()).contains("Nesting Depth exceeded"));
  }

  @Test
  void manyErrorsAreCappedPerDocument() {
    StringBuilder hosts = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      hosts.append(i > 0 ? ", " : "").append(i);
    }
    String yaml = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x}\nspec:\n  hosts: ["
        + hosts + "]\n";
    MeshConfig config = assertTimeoutPreemptively(SECOND, () -> new ConfigLoader().read(ConfigSource.string("many.yaml", yaml)));
    assertThat(config.errors()).hasSizeLessThanOrEqualTo(201);
    assertThat(config.errors().get(config.errors().size() - 1).message()).contains("too many errors");
  }
}
