package io.meshlet.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated section of a Markdown file, between {@code <!-- NAME:begin -->} and
 * {@code <!-- NAME:end -->}. Rewriting it leaves the hand-written text around it alone; a file
 * without the markers gets the section appended.
 */
public final class DocsSection {
  private DocsSection() {}

  /** Replaces the section {@code name} of {@code file} with {@code content}. */
  public static void rewrite(Path file, String name, String content) throws IOException {
    String begin = "<!-- " + name + ":begin -->";
    String end = "<!-- " + name + ":end -->";
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    Files.writeString(file, replace(text, begin, end, content), StandardCharsets.UTF_8);
  }

  static String replace(String text, String begin, String end, String content) {
    String body = begin + "\n" + (content.endsWith("\n") ? content : content + "\n") + end;
    int b = text.indexOf(begin);
    int e = b < 0 ? -1 : text.indexOf(end, b);
    if (b < 0 || e < 0) {
      String sep = text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
      return text + sep + body + "\n";
    }
    return text.substring(0, b) + body + text.substring(e + end.length());
  }
}
