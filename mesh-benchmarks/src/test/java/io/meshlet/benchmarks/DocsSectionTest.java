package io.meshlet.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsSectionTest {
  private static final String BEGIN = "<!-- x:begin -->";
  private static final String END = "<!-- x:end -->";

  @Test
  void rewritesOnlyBetweenTheMarkers() {
    String text = "# Title\nbefore\n" + BEGIN + "\nold\n" + END + "\nafter\n";

    assertThat(DocsSection.replace(text, BEGIN, END, "new"))
        .isEqualTo("# Title\nbefore\n" + BEGIN + "\nnew\n" + END + "\nafter\n");
  }

  @Test
  void appendsTheSectionWhenTheMarkersAreMissing() {
    assertThat(DocsSection.replace("# Title\n", BEGIN, END, "new\n"))
        .isEqualTo("# Title\n\n" + BEGIN + "\nnew\n" + END + "\n");
  }

  @Test
  void rewritingTwiceGivesTheSameFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("performance.md");
    Files.writeString(file, "# Performance\n");
    DocsSection.rewrite(file, "x", "one");
    DocsSection.rewrite(file, "x", "two");
    String once = Files.readString(file);
    DocsSection.rewrite(file, "x", "two");

    assertThat(Files.readString(file)).isEqualTo(once).contains("two").doesNotContain("one");
  }
}
