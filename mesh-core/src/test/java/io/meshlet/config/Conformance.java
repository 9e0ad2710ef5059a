package io.meshlet.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates Istio's own sample and validation files ({@code shared/conformance/istio}) next to the
 * checkout, or where {@code -Dmeshlet.conformance.dir} points. Tests using them skip when absent.
 */
public final class Conformance {
  private Conformance() {}

  /** The {@code conformance/istio} folder, if present. */
  public static Optional<Path> istioDir() {
    String override = System.getProperty("meshlet.conformance.dir");
    if (override != null) {
      Path p = Path.of(override);
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/conformance/istio");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
