package io.meshlet.route.internal;

import io.meshlet.config.Diagnostic;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Compile-time warnings, reported once each: a route compiled for several ports would otherwise
 * repeat its warnings.
 */
final class Diagnostics {
  private final Consumer<Diagnostic> sink;
  private final Set<String> seen = new HashSet<>();

  Diagnostics(Consumer<Diagnostic> sink) {
    this.sink = sink;
  }

  void warn(PreparedRoute route, String path, String message) {
    warn(route.source(), route.line(), path, message);
  }

  void warn(String source, int line, String path, String message) {
    if (seen.add(source + ":" + line + ":" + path + ":" + message)) {
      sink.accept(new Diagnostic(Diagnostic.Severity.WARNING, source, line, 0, path, message));
    }
  }
}
