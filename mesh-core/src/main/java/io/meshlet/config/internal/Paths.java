package io.meshlet.config.internal;

/**
 * Field paths as printed in diagnostics: {@code spec.http[0].route[1].weight}, map keys as
 * {@code .key} or, when the key has characters other than letters, digits, {@code -} and {@code _},
 * as {@code ["app.kubernetes.io/name"]}. Binder and validators build paths only through here, so the
 * location index finds what validators name.
 */
public final class Paths {
  private Paths() {}

  /** {@code parent.name}, or {@code name} at the root. */
  public static String field(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  /** {@code parent[index]}. */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** A map entry: {@code parent.key} or {@code parent["odd.key"]}. */
  public static String key(String parent, String key) {
    return isSimple(key) ? field(parent, key) : parent + "[\"" + key.replace("\"", "\\\"") + "\"]";
  }

  /** The enclosing path: {@code a.b[2]} for {@code a.b[2].c}, {@code a.b} for {@code a.b[2]}; empty at the top. */
  public static String parent(String path) {
    if (path.isEmpty()) {
      return path;
    }
    if (path.endsWith("\"]")) {
      int open = path.lastIndexOf("[\"");
      return open < 0 ? "" : path.substring(0, open);
    }
    if (path.endsWith("]")) {
      int open = path.lastIndexOf('[');
      return open < 0 ? "" : path.substring(0, open);
    }
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  private static boolean isSimple(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
