package io.meshlet.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where Istio configuration comes from: a file or directory, a classpath resource, or a string.
 *
 * <p>Directories are read recursively, taking {@code *.yaml}, {@code *.yml} and {@code *.json}
 * in name order. Each file may hold several YAML documents ({@code ---}), JSON, or a Kubernetes
 * {@code List}.
 */
public sealed interface ConfigSource {

  /** A file or a directory, named in diagnostics exactly as given. */
  static ConfigSource path(Path path) {
    return new PathSource(path);
  }

  /** A resource on the context class loader, for example {@code "mesh/routes.yaml"}. */
  static ConfigSource classpath(String resource) {
    return new ClasspathSource(resource);
  }

  /** YAML or JSON text; {@code name} is what diagnostics call it. */
  static ConfigSource string(String name, String content) {
    return new StringSource(name, content);
  }

  /** YAML or JSON text, called {@code <string>} in diagnostics. */
  static ConfigSource string(String content) {
    return string("<string>", content);
  }

  /** A file or directory on disk. */
  record PathSource(Path path) implements ConfigSource {
    public PathSource {
      Objects.requireNonNull(path, "path");
    }
  }

  /** A classpath resource. */
  record ClasspathSource(String resource) implements ConfigSource {
    public ClasspathSource {
      Objects.requireNonNull(resource, "resource");
    }
  }

  /** In-memory text. */
  record StringSource(String name, String content) implements ConfigSource {
    public StringSource {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(content, "content");
    }

    /** The text as UTF-8 bytes. */
    public byte[] bytes() {
      return content.getBytes(StandardCharsets.UTF_8);
    }
  }
}
