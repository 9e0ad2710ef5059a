package io.meshlet.config;

import io.meshlet.config.ConfigSource.ClasspathSource;
import io.meshlet.config.ConfigSource.PathSource;
import io.meshlet.config.ConfigSource.StringSource;
import io.meshlet.config.Diagnostic.Severity;
import io.meshlet.config.internal.DocumentReader;
import io.meshlet.config.internal.Problems;
import io.meshlet.config.internal.YamlDocuments;
import io.meshlet.internal.Interner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads Istio configuration strictly, as Istio's own validation does, and reports every problem of
 * a load with its file, line, column and field path.
 *
 * <pre>{@code
 * MeshConfig config = new ConfigLoader().load(ConfigSource.path(Path.of("mesh/")));
 * }</pre>
 *
 * <p>{@link #load} throws {@link ConfigException} if anything is wrong, so an invalid configuration
 * never replaces a good one; {@link #read} returns what could be read together with all diagnostics
 * (what {@code mesh validate} prints). Instances are immutable and thread-safe.
 */
public final class ConfigLoader {
  private final String defaultNamespace;

  /** A loader that puts objects without {@code metadata.namespace} in {@code default}. */
  public ConfigLoader() {
    this("default");
  }

  private ConfigLoader(String defaultNamespace) {
    this.defaultNamespace = Objects.requireNonNull(defaultNamespace, "defaultNamespace");
  }

  /** A loader that puts objects without {@code metadata.namespace} in {@code namespace}, as {@code kubectl apply -n} would. */
  public ConfigLoader defaultNamespace(String namespace) {
    return new ConfigLoader(namespace);
  }

  /**
   * Loads every source.
   *
   * @throws ConfigException listing every error (and the warnings) if any source has an error
   */
  public MeshConfig load(ConfigSource... sources) {
    return load(List.of(sources));
  }

  /** Loads every source; see {@link #load(ConfigSource...)}. */
  public MeshConfig load(List<ConfigSource> sources) {
    MeshConfig config = read(sources);
    if (config.hasErrors()) {
      List<Diagnostic> ordered = new ArrayList<>(config.errors());
      config.diagnostics().stream().filter(d -> !d.isError()).forEach(ordered::add);
      throw new ConfigException(ordered);
    }
    return config;
  }

  /**
   * Reads every source without throwing for configuration problems: the result holds the resources
   * of every document that had no error, and every diagnostic in source order.
   */
  public MeshConfig read(List<ConfigSource> sources) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<Resource<?>> resources = new ArrayList<>();
    DocumentReader.SequenceCounter sequence = new DocumentReader.SequenceCounter();
    Interner interner = new Interner();
    for (ConfigSource source : sources) {
      for (Unit unit : expand(source, diagnostics)) {
        Problems problems = new Problems(unit.name, diagnostics);
        if (unit.bytes == null) {
          YamlDocuments.tooLarge(unit.size, problems);
          continue;
        }
        DocumentReader reader = new DocumentReader(problems, defaultNamespace, sequence, interner,
            resources::add);
        YamlDocuments.compose(unit.bytes, problems, reader::read);
        interner.forgetComposites();
      }
    }
    return new MeshConfig(replaceDuplicates(resources, diagnostics), diagnostics);
  }

  /** Reads sources; see {@link #read(List)}. */
  public MeshConfig read(ConfigSource... sources) {
    return read(List.of(sources));
  }

  /** Two objects of one kind, namespace and name: like {@code kubectl apply}, the later one replaces the earlier. */
  private static List<Resource<?>> replaceDuplicates(List<Resource<?>> resources, List<Diagnostic> diagnostics) {
    Map<String, Integer> seen = new HashMap<>();
    List<Resource<?>> out = new ArrayList<>();
    for (Resource<?> r : resources) {
      String key = r.kind() + "/" + r.namespace() + "/" + r.name();
      Integer earlier = seen.get(key);
      if (earlier == null) {
        seen.put(key, out.size());
        out.add(r);
      } else {
        Resource<?> old = out.get(earlier);
        diagnostics.add(new Diagnostic(Severity.WARNING, r.origin().source(), r.origin().line(), 1, "metadata.name",
            r.displayName() + " is defined again; this definition replaces the one at " + old.origin()));
        out.set(earlier, r);
      }
    }
    return out;
  }

  /** One file's bytes; null bytes with the size when the file is too large to read. */
  private record Unit(String name, byte[] bytes, long size) {
    Unit(String name, byte[] bytes) {
      this(name, bytes, bytes.length);
    }
  }

  private static List<Unit> expand(ConfigSource source, List<Diagnostic> diagnostics) {
    List<Unit> units = new ArrayList<>();
    try {
      if (source instanceof PathSource p) {
        readPath(p.path(), units);
      } else if (source instanceof ClasspathSource c) {
        readClasspath(c.resource(), units);
      } else {
        StringSource s = (StringSource) source;
        units.add(new Unit(s.name(), s.bytes()));
      }
    } catch (NoSuchFileException e) {
      diagnostics.add(new Diagnostic(Severity.ERROR, e.getFile(), 0, 0, "", "no such file or directory"));
    } catch (IOException e) {
      diagnostics.add(new Diagnostic(Severity.ERROR, describe(source), 0, 0, "", "cannot read: " + e.getMessage()));
    }
    return units;
  }

  private static String describe(ConfigSource source) {
    if (source instanceof PathSource p) {
      return p.path().toString();
    }
    if (source instanceof ClasspathSource c) {
      return "classpath:" + c.resource();
    }
    return ((StringSource) source).name();
  }

  private static void readPath(Path path, List<Unit> units) throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString());
    }
    if (!Files.isDirectory(path)) {
      units.add(readFile(path));
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(path)) {
      files = walk.filter(Files::isRegularFile).filter(ConfigLoader::isConfigFile)
          .sorted(Comparator.comparing(Path::toString)).toList();
    }
    for (Path file : files) {
      units.add(readFile(file));
    }
  }

  private static Unit readFile(Path file) throws IOException {
    long size = Files.size(file);
    if (size > YamlDocuments.MAX_SOURCE_BYTES) {
      return new Unit(file.toString(), null, size); // reported without reading it into memory
    }
    return new Unit(file.toString(), Files.readAllBytes(file));
  }

  private static boolean isConfigFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private static void readClasspath(String resource, List<Unit> units) throws IOException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ConfigLoader.class.getClassLoader();
    }
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    URL url = loader.getResource(name);
    if (url == null) {
      throw new NoSuchFileException("classpath:" + name);
    }
    if (url.getProtocol().equals("file")) {
      try {
        Path path = Path.of(url.toURI());
        if (Files.isDirectory(path)) {
          List<Unit> found = new ArrayList<>();
          readPath(path, found);
          for (Unit u : found) {
            String relative = path.relativize(Path.of(u.name)).toString().replace('\\', '/');
            units.add(new Unit("classpath:" + name + "/" + relative, u.bytes, u.size));
          }
          return;
        }
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
    }
    try (InputStream in = url.openStream()) {
      units.add(new Unit("classpath:" + name, in.readNBytes(YamlDocuments.MAX_SOURCE_BYTES + 1)));
    }
  }
}
