package io.meshlet.config.internal;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Splits YAML (or JSON) text into document node trees, safely: nodes are only composed, never
 * constructed into objects, so no type named in the input is ever instantiated; aliases, nesting
 * depth and document size are bounded, so alias bombs, deep nesting and huge inputs end in a
 * clear error instead of an out-of-memory error, a stack overflow or a hang.
 */
public final class YamlDocuments {
  /** Largest source accepted at all. Istio configs are kilobytes; this only stops garbage early. */
  public static final int MAX_SOURCE_BYTES = 8 * 1024 * 1024;
  /** Largest single document, in code points. */
  static final int MAX_DOCUMENT_CODE_POINTS = 3 * 1024 * 1024;
  /** Deepest nesting of lists and maps; Istio's deepest field is about 12 levels down. */
  static final int MAX_NESTING = 64;
  /** Aliases to lists or maps per document: enough for real anchors, too few for an alias bomb. */
  static final int MAX_COLLECTION_ALIASES = 50;
  /**
   * Longest line. SnakeYAML's reader copies its window for every 1 KiB of a single token, so a
   * multi-megabyte line takes seconds; real configuration lines are short, and long text (a
   * direct-response body) reads fast as a block scalar ({@code |}) of many lines.
   */
  static final int MAX_LINE_CHARS = 256 * 1024;

  private YamlDocuments() {}

  /**
   * Composes every document of {@code bytes} and hands each non-empty one to {@code documents}.
   * Problems with the text itself are reported to {@code problems}; documents before the first
   * such problem are still delivered.
   */
  public static void compose(byte[] bytes, Problems problems, Consumer<Node> documents) {
    if (bytes.length > MAX_SOURCE_BYTES) {
      tooLarge(bytes.length, problems);
      return;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      problems.errorAt(1, 1, "", "not UTF-8 text; YAML and JSON configuration must be UTF-8");
      return;
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    if (!linesFit(text, problems)) {
      return;
    }
    Yaml yaml = newYaml();
    try {
      Iterator<Node> it = yaml.composeAll(new StringReader(text)).iterator();
      while (it.hasNext()) {
        Node node = it.next();
        if (node != null && !Nodes.isNull(node)) { // an empty document, e.g. after a trailing ---
          documents.accept(node);
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? e.getContext() + ": " : "";
      problems.errorAt(mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1, "",
          "invalid YAML: " + context + oneLine(problem));
    } catch (YAMLException e) {
      problems.errorAt(1, 1, "", "invalid YAML: " + oneLine(e.getMessage()));
    } catch (StackOverflowError e) {
      // Defensive: the nesting limit should stop this first.
      problems.errorAt(1, 1, "", "invalid YAML: nested too deeply");
    }
  }

  /** Reports a source over {@link #MAX_SOURCE_BYTES} without reading it. */
  public static void tooLarge(long size, Problems problems) {
    problems.errorAt(1, 1, "", String.format(
        "file is too large (%.1f MB); Meshlet reads configuration files of at most %d MB",
        size / 1048576.0, MAX_SOURCE_BYTES / 1048576));
  }

  private static boolean linesFit(String text, Problems problems) {
    int line = 1;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      if (end - start > MAX_LINE_CHARS) {
        problems.errorAt(line, 1, "", "line " + line + " is longer than " + MAX_LINE_CHARS / 1024
            + " KiB; split it (long text reads best as a block scalar, |)");
        return false;
      }
      line++;
      start = end + 1;
    }
    return true;
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // the binder reports duplicates with their field path
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_DOCUMENT_CODE_POINTS);
    options.setProcessComments(false);
    options.setWrappedToRootException(false);
    DumperOptions dumper = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new QuickResolver());
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "unreadable input";
    }
    String line = s.strip().replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /**
   * SnakeYAML's implicit tags, with shortcuts for the commonest plain scalars that give the very
   * answer its regexes would: a word (keys, names, enum values) is a boolean or a null only when it
   * is one of YAML 1.1's few spellings of them, else a string; a decimal number without a leading
   * zero is an integer; digits with two or more dots (an IPv4 address) are a string. A large mesh has
   * millions of these, and each otherwise runs one to three regexes.
   */
  static final class QuickResolver extends Resolver {
    private static final Set<String> BOOLEANS = Set.of("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF");
    private static final Set<String> NULLS = Set.of("null", "Null", "NULL");

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      if (kind == NodeId.scalar && implicit && !value.isEmpty()) {
        char first = value.charAt(0);
        if (first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z') {
          return BOOLEANS.contains(value) ? Tag.BOOL : NULLS.contains(value) ? Tag.NULL : Tag.STR;
        }
        if (first >= '0' && first <= '9') {
          int dots = digitsAndDots(value);
          if (dots == 0 && (value.length() == 1 || first != '0') && value.length() <= 18) {
            return Tag.INT;
          }
          if (dots >= 2) {
            return Tag.STR;
          }
        }
      }
      return super.resolve(kind, value, implicit);
    }

    /** The number of dots in a value of only digits and dots; -1 when it has anything else. */
    private static int digitsAndDots(String value) {
      int dots = 0;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '.') {
          dots++;
        } else if (c < '0' || c > '9') {
          return -1;
        }
      }
      return dots;
    }
  }
}
