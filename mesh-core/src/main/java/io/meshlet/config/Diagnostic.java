package io.meshlet.config;

import java.util.Objects;

/**
 * One problem found in configuration, located by source, line, column and field path.
 *
 * <p>{@link #toString()} prints the compiler-style line users see, for example
 * {@code mesh.yaml:14:9: error: spec.http[0].route[1].weight: must be >= 0, got -5}.
 *
 * @param severity how bad it is
 * @param source the file as given by the user, a classpath resource, or a name for a string
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param path the field path inside the document ({@code spec.http[0].timeout}), empty for the whole document
 * @param message what is wrong, in the user's terms
 */
public record Diagnostic(
    Severity severity, String source, int line, int column, String path, String message) {

  /** How serious a diagnostic is. Only {@link #ERROR} stops a configuration from loading. */
  public enum Severity {
    /** The configuration is invalid and is not loaded. */
    ERROR,
    /** Loads, but something will not behave as an Istio user may expect (for example a field with no effect in-process). */
    WARNING,
    /** Informational: for example a document of a kind Meshlet does not read was skipped. */
    NOTE;

    /** The lower-case word printed in diagnostics: {@code error}, {@code warning}, {@code note}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    source = source == null ? "<unknown>" : source;
    path = path == null ? "" : path;
    Objects.requireNonNull(message, "message");
  }

  /** True for {@link Severity#ERROR}. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(source);
    if (line > 0) {
      out.append(':').append(line);
      if (column > 0) {
        out.append(':').append(column);
      }
    }
    out.append(": ").append(severity.label()).append(": ");
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString();
  }
}
