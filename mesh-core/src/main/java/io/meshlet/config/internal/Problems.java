package io.meshlet.config.internal;

import io.meshlet.config.Diagnostic;
import io.meshlet.config.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects diagnostics for one source, locating each by field path through the current document's
 * index of positions. A path that is not in the index (a missing required field, say) is reported at
 * its nearest enclosing field that is.
 */
public final class Problems {
  /** Past this many errors in one document, further errors are summarised, so garbage cannot flood memory. */
  static final int MAX_ERRORS_PER_DOCUMENT = 200;

  private final String source;
  private final List<Diagnostic> diagnostics;
  private Map<String, int[]> positions = new HashMap<>();
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

  /** Starts a new document whose field positions will be recorded by {@link #position}. */
  public void beginDocument(int line, int column) {
    positions = new HashMap<>();
    positions.put("", new int[] {line, column});
    documentErrors = 0;
    truncated = false;
  }

  /** Records that {@code path} is written at this 1-based line and column. */
  public void position(String path, int line, int column) {
    positions.putIfAbsent(path, new int[] {line, column});
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

  private int[] locate(String path) {
    String p = path;
    while (true) {
      int[] at = positions.get(p);
      if (at != null) {
        return at;
      }
      if (p.isEmpty()) {
        return new int[] {0, 0};
      }
      p = Paths.parent(p);
    }
  }
}
