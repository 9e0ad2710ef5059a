package io.meshlet.config.internal;

import io.meshlet.config.Diagnostic;
import io.meshlet.config.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Collects diagnostics for one source, locating each by field path in the current document's node
 * tree: a field or map entry at its key, a list item at the item. A path that is not in the
 * document (a missing required field, say) is reported at its nearest enclosing field that is.
 * Paths are only looked up when something is reported, so reading a valid document costs nothing
 * here.
 */
public final class Problems {
  /** Past this many errors in one document, further errors are summarised, so garbage cannot flood memory. */
  static final int MAX_ERRORS_PER_DOCUMENT = 200;

  private final String source;
  private final List<Diagnostic> diagnostics;
  private Node document;
  private int documentErrors;
  private boolean truncated;

  public Problems(String source, List<Diagnostic> sink) {
    this.source = source;
    this.diagnostics = sink;
  }

  /** A collector with its own list, for validating objects that were not read from text. */
  public static Problems detached(String source) {
    return new Problems(source, new ArrayList<>());
  }

  /** Starts a new document, in which field paths are located from now on. */
  public void beginDocument(Node root) {
    document = root;
    documentErrors = 0;
    truncated = false;
  }

  public String source() {
    return source;
  }

  public void error(String path, String message) {
    add(Severity.ERROR, path, message);
  }

  public void warning(String path, String message) {
    add(Severity.WARNING, path, message);
  }

  public void note(String path, String message) {
    add(Severity.NOTE, path, message);
  }

  /** An error at an explicit position, for problems found by the YAML parser itself. */
  public void errorAt(int line, int column, String path, String message) {
    diagnostics.add(new Diagnostic(Severity.ERROR, source, line, column, path, message));
    documentErrors++;
  }

  /** False once this document has too many errors to show more; callers may skip costly messages. */
  public boolean acceptsErrors() {
    return documentErrors < MAX_ERRORS_PER_DOCUMENT;
  }

  /** Errors reported since {@link #beginDocument}. */
  public int documentErrors() {
    return documentErrors;
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  private void add(Severity severity, String path, String message) {
    if (severity == Severity.ERROR) {
      if (documentErrors >= MAX_ERRORS_PER_DOCUMENT) {
        if (!truncated) {
          truncated = true;
          int[] at = locate("");
          diagnostics.add(new Diagnostic(Severity.ERROR, source, at[0], at[1], "",
              "too many errors in this document; the rest are not shown"));
        }
        return;
      }
      documentErrors++;
    }
    int[] at = locate(path);
    diagnostics.add(new Diagnostic(severity, source, at[0], at[1], path, message));
  }

  /**
   * The 1-based line and column of {@code path}, or of its nearest enclosing part that the document
   * has; {0, 0} outside a document. Walks the tree along the path: at each map, the first key whose
   * field path ({@code a.key}, or {@code a["odd.key"]} for a map key) the path continues with.
   */
  private int[] locate(String path) {
    if (document == null) {
      return new int[] {0, 0};
    }
    Node node = document;
    String at = "";
    Mark mark = document.getStartMark();
    walk:
    while (!at.equals(path)) {
      if (node instanceof MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
          if (tuple.getKeyNode() instanceof ScalarNode key) {
            for (String next : new String[] {Paths.field(at, key.getValue()), Paths.key(at, key.getValue())}) {
              if (continues(path, next)) {
                at = next;
                mark = key.getStartMark();
                node = tuple.getValueNode();
                continue walk;
              }
            }
          }
        }
      } else if (node instanceof SequenceNode sequence) {
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
          String next = Paths.index(at, i);
          if (continues(path, next)) {
            at = next;
            mark = items.get(i).getStartMark();
            node = items.get(i);
            continue walk;
          }
        }
      }
      break;
    }
    return mark == null ? new int[] {0, 0} : new int[] {mark.getLine() + 1, mark.getColumn() + 1};
  }

  /** Whether {@code path} is {@code prefix} or lies within it. */
  private static boolean continues(String path, String prefix) {
    if (!path.startsWith(prefix)) {
      return false;
    }
    if (path.length() == prefix.length()) {
      return true;
    }
    char c = path.charAt(prefix.length());
    return c == '.' || c == '[';
  }
}
