package io.meshlet.config.internal;

import io.meshlet.config.Resource;
import io.meshlet.config.model.DestinationRule;
import io.meshlet.config.model.Gateway;
import io.meshlet.config.model.IstioSpec;
import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.ServiceEntry;
import io.meshlet.config.model.Sidecar;
import io.meshlet.config.model.VirtualService;
import io.meshlet.config.model.WorkloadEntry;
import io.meshlet.internal.Interner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one YAML document: the Kubernetes envelope ({@code apiVersion}, {@code kind},
 * {@code metadata}, {@code spec}), Kubernetes {@code List}s, and skips kinds Meshlet does not read
 * with a note. Binds the spec and runs the kind's validation.
 */
public final class DocumentReader {
  /** The {@code networking.istio.io} kinds Meshlet reads, by kind name. */
  public static final Map<String, Class<? extends IstioSpec>> KINDS = Map.of(
      "VirtualService", VirtualService.class,
      "DestinationRule", DestinationRule.class,
      "ServiceEntry", ServiceEntry.class,
      "WorkloadEntry", WorkloadEntry.class,
      "Gateway", Gateway.class,
      "Sidecar", Sidecar.class);

  static final String GROUP = "networking.istio.io";
  static final Set<String> VERSIONS = Set.of("v1", "v1beta1", "v1alpha3");
  private static final Set<String> ENVELOPE = Set.of("apiVersion", "kind", "metadata", "spec", "status");

  private final Problems problems;
  private final String defaultNamespace;
  private final Consumer<Resource<?>> out;
  private final SequenceCounter sequence;
  private final Interner interner;

  /** Hands out load-order numbers across all sources of one load. */
  public static final class SequenceCounter {
    private long next;

    long next() {
      return next++;
    }
  }

  /** @param interner shares equal values among all documents of one load */
  public DocumentReader(Problems problems, String defaultNamespace, SequenceCounter sequence, Interner interner,
      Consumer<Resource<?>> out) {
    this.problems = problems;
    this.defaultNamespace = defaultNamespace;
    this.sequence = sequence;
    this.interner = interner;
    this.out = out;
  }

  /** Reads one composed document. Resources are delivered only if the document has no error. */
  public void read(Node document) {
    problems.beginDocument(document);
    Binder binder = new Binder(problems, RemovedFields.standard(), interner);
    List<Resource<?>> found = new ArrayList<>();
    readObject(document, "", binder, found::add);
    if (problems.documentErrors() == 0) {
      found.forEach(out);
    }
  }

  private void readObject(Node node, String path, Binder binder, Consumer<Resource<?>> sink) {
    if (!(node instanceof MappingNode mapping)) {
      problems.error(path, "a Kubernetes object must be a map with apiVersion and kind, got " + Nodes.describe(node));
      return;
    }
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key) {
        if (fields.putIfAbsent(key.getValue(), tuple.getValueNode()) != null) {
          problems.error(Paths.field(path, key.getValue()), "duplicate field");
        }
      } else {
        problems.error(path, "keys must be strings");
      }
    }
    String apiVersion = text(fields.get("apiVersion"), Paths.field(path, "apiVersion"));
    String kind = text(fields.get("kind"), Paths.field(path, "kind"));
    if (apiVersion == null || kind == null) {
      return;
    }
    if (kind.equals("List") && fields.containsKey("items")) {
      readList(fields, path, binder, sink);
      return;
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    if (!group.equals(GROUP)) {
      problems.note(path, "skipped " + apiVersion + " " + kind + ": not a " + GROUP + " kind");
      return;
    }
    Class<? extends IstioSpec> specType = KINDS.get(kind);
    if (specType == null) {
      problems.warning(Paths.field(path, "kind"),
          kind + " is not supported in-process and was skipped; Meshlet reads " + String.join(", ", KINDS.keySet()));
      return;
    }
    if (!VERSIONS.contains(version)) {
      problems.error(Paths.field(path, "apiVersion"),
          "unsupported version \"" + version + "\" of " + GROUP + "; use v1, v1beta1 or v1alpha3");
      return;
    }
    for (String key : fields.keySet()) {
      if (!ENVELOPE.contains(key)) {
        problems.error(Paths.field(path, key), "unknown field \"" + key + "\"; a " + kind
            + " has apiVersion, kind, metadata and spec");
      }
    }
    String metaPath = Paths.field(path, "metadata");
    ObjectMeta meta = fields.containsKey("metadata")
        ? binder.bindRecord(fields.get("metadata"), ObjectMeta.class, metaPath) : null;
    if (meta == null && !fields.containsKey("metadata")) {
      problems.error(metaPath, "required: every object needs metadata.name");
    }
    if (meta != null) {
      Validation.metadata(meta, metaPath, problems);
      if (meta.namespace() == null) {
        meta = meta.withNamespace(defaultNamespace);
      }
    }
    String specPath = Paths.field(path, "spec");
    Node specNode = fields.get("spec");
    if (specNode == null || Nodes.isNull(specNode)) {
      problems.error(specPath, "required");
      return;
    }
    IstioSpec spec = binder.bindRecord(specNode, specType, specPath);
    if (spec == null || meta == null || binder.exhausted()) {
      return;
    }
    Validators.validate(spec, meta, specPath, problems);
    int line = node.getStartMark().getLine() + 1;
    sink.accept(new Resource<>(apiVersion, kind, meta, spec,
        new Resource.Origin(problems.source(), line), sequence.next()));
  }

  private void readList(Map<String, Node> fields, String path, Binder binder, Consumer<Resource<?>> sink) {
    String itemsPath = Paths.field(path, "items");
    if (!(fields.get("items") instanceof SequenceNode items)) {
      problems.error(itemsPath, "must be a list of objects");
      return;
    }
    int i = 0;
    for (Node item : items.getValue()) {
      readObject(item, Paths.index(itemsPath, i++), binder, sink);
    }
  }

  private String text(Node node, String path) {
    if (node == null || Nodes.isNull(node)) {
      problems.error(path, "required");
      return null;
    }
    if (node instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
      return interner.intern(scalar.getValue());
    }
    problems.error(path, "must be a non-empty string, got " + Nodes.describe(node));
    return null;
  }
}
