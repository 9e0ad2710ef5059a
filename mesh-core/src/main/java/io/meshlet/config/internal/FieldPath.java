package io.meshlet.config.internal;

/**
 * A field path, as {@link Paths} writes it, made into text only when a problem is reported: most
 * documents have none, and building every field's path string was a tenth of a load's time.
 */
final class FieldPath {
  private final FieldPath parent;
  private final String name;
  private final int index;
  private final boolean mapKey;
  private String text;

  private FieldPath(FieldPath parent, String name, int index, boolean mapKey, String text) {
    this.parent = parent;
    this.name = name;
    this.index = index;
    this.mapKey = mapKey;
    this.text = text;
  }

  static FieldPath of(String text) {
    return new FieldPath(null, null, -1, false, text);
  }

  FieldPath field(String field) {
    return new FieldPath(this, field, -1, false, null);
  }

  FieldPath key(String key) {
    return new FieldPath(this, key, -1, true, null);
  }

  FieldPath index(int i) {
    return new FieldPath(this, null, i, false, null);
  }

  String text() {
    if (text == null) {
      String p = parent.text();
      text = name == null ? Paths.index(p, index) : mapKey ? Paths.key(p, name) : Paths.field(p, name);
    }
    return text;
  }

  @Override
  public String toString() {
    return text();
  }
}
