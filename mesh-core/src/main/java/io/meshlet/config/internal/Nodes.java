package io.meshlet.config.internal;

import java.time.Duration;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reading and naming composed YAML nodes, for the binder and its messages. */
final class Nodes {
  private Nodes() {}

  /** True for an explicit or empty YAML null. */
  static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar && scalar.getTag() == Tag.NULL;
  }

  /** A YAML 1.1 integer: sign, underscores, {@code 0x}, {@code 0b}, {@code 0o} and leading-zero octal. */
  static long parseInteger(String text) {
    String s = text.replace("_", "");
    boolean negative = s.startsWith("-");
    if (s.startsWith("-") || s.startsWith("+")) {
      s = s.substring(1);
    }
    long value;
    if (s.startsWith("0x")) {
      value = Long.parseLong(s.substring(2), 16);
    } else if (s.startsWith("0b")) {
      value = Long.parseLong(s.substring(2), 2);
    } else if (s.startsWith("0o")) {
      value = Long.parseLong(s.substring(2), 8);
    } else if (s.length() > 1 && s.startsWith("0")) {
      value = Long.parseLong(s, 8); // YAML 1.1 octal, as Kubernetes' YAML reader also reads it
    } else {
      value = Long.parseLong(s);
    }
    return negative ? -value : value;
  }

  /** How a node is named in messages: {@code a list}, {@code the number 5}, {@code the string "x"}. */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "an object";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    ScalarNode scalar = (ScalarNode) node;
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    if (tag == Tag.INT || tag == Tag.FLOAT) {
      return "the number " + value;
    }
    if (tag == Tag.BOOL) {
      return "the boolean " + value;
    }
    if (tag == Tag.NULL) {
      return "null";
    }
    return "the string \"" + (value.length() > 60 ? value.substring(0, 60) + "…" : value) + "\"";
  }

  /** What a scalar of {@code raw} type is called in messages. */
  static String expected(Class<?> raw) {
    if (raw == String.class) {
      return "a string";
    }
    if (raw == Integer.class || raw == Long.class) {
      return "an integer";
    }
    if (raw == Double.class) {
      return "a number";
    }
    if (raw == Boolean.class) {
      return "true or false";
    }
    if (raw == Duration.class) {
      return "a duration such as 5s";
    }
    return "a single value";
  }
}
