package io.meshlet.config;

import io.meshlet.config.model.IstioSpec;
import io.meshlet.config.model.ObjectMeta;
import java.util.Objects;

/**
 * One loaded Istio object: its Kubernetes envelope, its spec and where it came from.
 *
 * @param apiVersion as written, for example {@code networking.istio.io/v1}
 * @param kind the Istio kind, for example {@code VirtualService}
 * @param metadata name, namespace (never null once loaded), labels, creation time
 * @param spec the typed spec
 * @param origin the source and line where the document starts
 * @param sequence position in load order; breaks ties where Istio orders by creation time
 * @param <T> the spec type
 */
public record Resource<T extends IstioSpec>(
    String apiVersion, String kind, ObjectMeta metadata, T spec, Origin origin, long sequence) {

  public Resource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
    origin = origin == null ? Origin.PROGRAMMATIC : origin;
  }

  /** {@code metadata.name}. */
  public String name() {
    return metadata.name();
  }

  /** {@code metadata.namespace}. */
  public String namespace() {
    return metadata.namespace();
  }

  /** {@code Kind namespace/name}, how diagnostics and explanations name a resource. */
  public String displayName() {
    return kind + " " + namespace() + "/" + name();
  }

  /** Where a resource was read: the source as the user named it, and the document's first line. */
  public record Origin(String source, int line) {
    /** For resources built in Java rather than read from a file. */
    public static final Origin PROGRAMMATIC = new Origin("<programmatic>", 0);

    @Override
    public String toString() {
      return line > 0 ? source + ":" + line : source;
    }
  }
}
