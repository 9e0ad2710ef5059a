package io.meshlet.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when configuration cannot be loaded: carries every problem of the load, not just the first.
 *
 * <p>The message lists each error as {@code FILE:LINE:COLUMN: error: FIELD.PATH: message}.
 * {@link #diagnostics()} also holds the warnings and notes of the same load.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> diagnostics;

  public ConfigException(List<Diagnostic> diagnostics) {
    super(message(diagnostics));
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** All diagnostics of the failed load, errors first in source order, then warnings and notes. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** Only the errors. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  private static String message(List<Diagnostic> diagnostics) {
    List<Diagnostic> errors = diagnostics.stream().filter(Diagnostic::isError).toList();
    String head = errors.size() == 1 ? "1 configuration error" : errors.size() + " configuration errors";
    return errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n", head + ":\n", ""));
  }
}
