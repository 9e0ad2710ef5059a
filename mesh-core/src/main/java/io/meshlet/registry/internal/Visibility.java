package io.meshlet.registry.internal;

import java.util.List;

/** Istio's {@code exportTo}: which client namespaces may see an object. */
public final class Visibility {
  private Visibility() {}

  /**
   * True when an object in {@code ownNamespace} exported to {@code exportTo} is visible to clients in
   * {@code clientNamespace}. Empty means Istio's default, every namespace; {@code *} every namespace;
   * {@code .} the object's own; {@code ~} none; other entries name namespaces.
   */
  public static boolean visible(List<String> exportTo, String ownNamespace, String clientNamespace) {
    if (exportTo.isEmpty() || exportTo.contains("*")) {
      return true;
    }
    if (exportTo.contains("~")) {
      return false;
    }
    for (String e : exportTo) {
      if (e.equals(".") ? ownNamespace.equals(clientNamespace) : e.equals(clientNamespace)) {
        return true;
      }
    }
    return false;
  }
}
