package io.meshlet.config.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.meshlet.internal.ArrayMap;
import io.meshlet.internal.Interner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds composed YAML nodes to the model records, sharing equal values of one load (see
 * {@link Interner}), strictly: unknown fields, wrong types, bad enum
 * values and bad durations are each reported with their field path, and binding goes on so that one
 * load reports every problem. Record components name their YAML keys (or carry
 * {@link JsonProperty}), so the same records also (de)serialise with Jackson.
 */
public final class Binder {
  /** Nodes visited per document, counting alias re-visits: bounds what a small alias bomb can expand to. */
  static final int MAX_NODES_PER_DOCUMENT = 50_000;

  private static final Map<Class<?>, RecordInfo> RECORDS = new ConcurrentHashMap<>();
  /** {@link Class#isRecord} is a reflective call; every node asks. */
  private static final ClassValue<Boolean> IS_RECORD = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return type.isRecord();
    }
  };
  private static final Set<Tag> SCALAR_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

  private final Problems problems;
  private final RemovedFields removed;
  private final Interner interner;
  private int budget = MAX_NODES_PER_DOCUMENT;
  private int depth;

  /**
   * @param interner shares the equal scalars (strings, numbers, durations) and map keys of every
   *     document of one load
   */
  public Binder(Problems problems, RemovedFields removed, Interner interner) {
    this.problems = problems;
    this.removed = removed;
    this.interner = interner;
  }

  /** True once the node budget ran out: the document is rejected and not worth validating further. */
  public boolean exhausted() {
    return budget < 0;
  }

  /** Binds {@code node} to {@code type}; returns null (after reporting) where it cannot. */
  public Object bind(Node node, Type type, String path) {
    return bind(node, type, FieldPath.of(path));
  }

  /** Binds a top-level mapping to a record type. */
  public <T> T bindRecord(Node node, Class<T> type, String path) {
    return bindRecord(node, type, FieldPath.of(path));
  }

  private Object bind(Node node, Type type, FieldPath path) {
    if (--budget < 0) {
      if (budget == -1) {
        problems.error(path.text(), "document is too large once its aliases are expanded");
      }
      return null;
    }
    if (depth > YamlDocuments.MAX_NESTING + 8) {
      problems.error(path.text(), "nested too deeply");
      return null;
    }
    if (Nodes.isNull(node)) {
      return null;
    }
    Class<?> raw = rawClass(type);
    depth++;
    try {
      if (raw == List.class) {
        return bindList(node, elementType(type, 0), path);
      }
      if (raw == Map.class) {
        return bindMap(node, elementType(type, 1), path);
      }
      if (IS_RECORD.get(raw)) {
        return bindRecord(node, raw, path);
      }
      return bindScalar(node, raw, path);
    } finally {
      depth--;
    }
  }

  private <T> T bindRecord(Node node, Class<T> type, FieldPath path) {
    if (!(node instanceof MappingNode mapping)) {
      problems.error(path.text(), "must be an object, got " + Nodes.describe(node));
      return null;
    }
    RecordInfo info = RECORDS.computeIfAbsent(type, RecordInfo::new);
    Object[] args = new Object[info.types.length];
    boolean[] seen = new boolean[info.types.length];
    Set<String> unknownSeen = null;
    for (NodeTuple tuple : mapping.getValue()) {
      if (budget < 0) {
        break;
      }
      String key = keyText(tuple.getKeyNode(), path);
      if (key == null) {
        continue;
      }
      FieldPath fieldPath = path.field(key);
      Integer index = info.byKey.get(key);
      if (index == null) {
        if (unknownSeen == null) {
          unknownSeen = new HashSet<>();
        }
        if (!unknownSeen.add(key)) {
          errorAt(tuple.getKeyNode(), fieldPath, "duplicate field");
        } else {
          unknownField(type, info, key, fieldPath);
        }
        continue;
      }
      if (seen[index]) {
        errorAt(tuple.getKeyNode(), fieldPath, "duplicate field");
        continue;
      }
      seen[index] = true;
      args[index] = bind(tuple.getValueNode(), info.types[index], fieldPath);
    }
    // Every part is shared already, so equal records are recognised by their parts' identities, and
    // an equal record is constructed (and validated by its constructor) only once.
    return type.cast(interner.composite(type, args, () -> construct(type, info, args, path)));
  }

  private Object construct(Class<?> type, RecordInfo info, Object[] args, FieldPath path) {
    try {
      return info.constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      problems.error(path.text(), cause.getMessage() != null ? cause.getMessage() : cause.toString());
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  private void unknownField(Class<?> type, RecordInfo info, String key, FieldPath path) {
    RemovedFields.Removal removal = removed.lookup(type, key);
    if (removal != null) {
      switch (removal.action()) {
        case ERROR -> problems.error(path.text(), removal.message());
        case WARN -> problems.warning(path.text(), removal.message());
        case IGNORE -> { }
      }
      return;
    }
    if (!problems.acceptsErrors()) {
      problems.error(path.text(), "unknown field");
      return;
    }
    String suggestion = Suggestions.suggest(key, info.byKey.keySet());
    problems.error(path.text(), "unknown field \"" + key + "\""
        + (suggestion != null ? "; did you mean \"" + suggestion + "\"?" : " in " + friendlyName(type)));
  }

  private List<Object> bindList(Node node, Type element, FieldPath path) {
    if (!(node instanceof SequenceNode sequence)) {
      problems.error(path.text(), "must be a list, got " + Nodes.describe(node));
      return null;
    }
    List<Object> out = new ArrayList<>(sequence.getValue().size());
    int i = 0;
    for (Node item : sequence.getValue()) {
      if (budget < 0) {
        break;
      }
      FieldPath itemPath = path.index(i++);
      if (Nodes.isNull(item)) {
        problems.error(itemPath.text(), "must not be null");
        continue;
      }
      Object value = bind(item, element, itemPath);
      if (value != null) {
        out.add(value);
      }
    }
    return interner.composite(List.class, out.toArray(), () -> List.copyOf(out));
  }

  private Map<String, Object> bindMap(Node node, Type valueType, FieldPath path) {
    if (!(node instanceof MappingNode mapping)) {
      problems.error(path.text(), "must be a map, got " + Nodes.describe(node));
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (budget < 0) {
        break;
      }
      String key = keyText(tuple.getKeyNode(), path);
      if (key == null) {
        continue;
      }
      FieldPath entryPath = path.key(key);
      if (out.containsKey(key)) {
        errorAt(tuple.getKeyNode(), entryPath, "duplicate key \"" + key + "\"");
        continue;
      }
      key = interner.intern(key);
      Node valueNode = tuple.getValueNode();
      // An empty value in a map of objects means "present, no constraints" (headers: {x: {}} or x: ~).
      Object value = Nodes.isNull(valueNode) && IS_RECORD.get(rawClass(valueType))
          ? bindRecord(new MappingNode(Tag.MAP, List.of(), null), rawClass(valueType), entryPath)
          : bind(valueNode, valueType, entryPath);
      if (value == null && !Nodes.isNull(valueNode)) {
        continue;
      }
      if (value == null) {
        problems.error(entryPath.text(), "must not be null");
        continue;
      }
      out.put(key, value);
    }
    Object[] parts = new Object[out.size() * 2];
    int i = 0;
    for (Map.Entry<String, Object> e : out.entrySet()) {
      parts[i++] = e.getKey();
      parts[i++] = e.getValue();
    }
    return interner.composite(Map.class, parts, () -> ArrayMap.copyOf(out));
  }

  private Object bindScalar(Node node, Class<?> raw, FieldPath path) {
    return interner.intern(scalarValue(node, raw, path));
  }

  private Object scalarValue(Node node, Class<?> raw, FieldPath path) {
    if (!(node instanceof ScalarNode scalar)) {
      problems.error(path.text(), "must be " + Nodes.expected(raw) + ", got " + Nodes.describe(node));
      return null;
    }
    Tag tag = scalar.getTag();
    if (!SCALAR_TAGS.contains(tag)) {
      problems.error(path.text(), "YAML tag " + tag.getValue() + " is not allowed here");
      return null;
    }
    String text = scalar.getValue();
    try {
      if (raw == String.class) {
        if (tag == Tag.STR || tag == Tag.TIMESTAMP) {
          return text;
        }
        problems.error(path.text(), "must be a string, got " + Nodes.describe(node) + "; quote it: \"" + text + "\"");
        return null;
      }
      if (raw == Integer.class || raw == Long.class) {
        if (tag != Tag.INT) {
          problems.error(path.text(), "must be an integer, got " + Nodes.describe(node));
          return null;
        }
        long value = Nodes.parseInteger(text);
        if (raw == Integer.class) {
          if (value < Integer.MIN_VALUE || value > 0xFFFF_FFFFL) {
            problems.error(path.text(), "is out of range: " + text);
            return null;
          }
          if (value > Integer.MAX_VALUE) {
            problems.error(path.text(), "must be at most " + Integer.MAX_VALUE + ", got " + text);
            return null;
          }
          return (int) value;
        }
        return value;
      }
      if (raw == Double.class) {
        if (tag != Tag.INT && tag != Tag.FLOAT) {
          problems.error(path.text(), "must be a number, got " + Nodes.describe(node));
          return null;
        }
        double value = tag == Tag.INT ? Nodes.parseInteger(text) : Double.parseDouble(text.replace("_", ""));
        if (!Double.isFinite(value)) {
          problems.error(path.text(), "must be a finite number, got " + text);
          return null;
        }
        return value;
      }
      if (raw == Boolean.class) {
        if (tag != Tag.BOOL) {
          problems.error(path.text(), "must be true or false, got " + Nodes.describe(node));
          return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
          case "true", "yes", "on" -> Boolean.TRUE;
          default -> Boolean.FALSE;
        };
      }
      if (raw == Duration.class) {
        if (tag != Tag.STR) {
          problems.error(path.text(), "must be a duration with a unit, such as 5s or 100ms, got " + Nodes.describe(node));
          return null;
        }
        return Durations.parse(text);
      }
      if (raw.isEnum()) {
        return bindEnum(scalar, raw, path);
      }
      if (raw == Object.class) {
        return text;
      }
    } catch (IllegalArgumentException e) {
      // NumberFormatException included: the message is written for users.
      String message = e instanceof NumberFormatException ? "is not a valid number: " + text : e.getMessage();
      problems.error(path.text(), message);
      return null;
    }
    throw new IllegalStateException("model type not supported by the binder: " + raw.getName());
  }

  private Object bindEnum(ScalarNode scalar, Class<?> raw, FieldPath path) {
    String text = scalar.getValue();
    List<String> names = new ArrayList<>();
    for (Object constant : raw.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      if (name.equals(text) && scalar.getTag() == Tag.STR) {
        return constant;
      }
      names.add(name);
    }
    String hint = names.stream().filter(n -> n.equalsIgnoreCase(text)).findFirst()
        .map(n -> "; did you mean " + n + "?").orElse("");
    problems.error(path.text(), "must be one of " + String.join(", ", names) + ", got \"" + text + "\"" + hint);
    return null;
  }

  private String keyText(Node key, FieldPath path) {
    if (key instanceof ScalarNode scalar) {
      if (scalar.getTag() == Tag.MERGE) {
        errorAt(key, path, "YAML merge keys (<<) are not supported; write the fields out");
        return null;
      }
      return scalar.getValue();
    }
    problems.error(path.text(), "keys must be strings, got " + Nodes.describe(key));
    return null;
  }

  /** An error at a node's own position, for problems of a repeated key whose path is already placed. */
  private void errorAt(Node node, FieldPath path, String message) {
    problems.errorAt(node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, path.text(), message);
  }

  private static String friendlyName(Class<?> type) {
    return type.getSimpleName();
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalStateException("unsupported model type " + type);
  }

  private static Type elementType(Type type, int index) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[index];
    }
    throw new IllegalStateException("raw collection type in model: " + type);
  }


}
