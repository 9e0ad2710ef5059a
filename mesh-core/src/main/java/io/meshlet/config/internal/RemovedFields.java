package io.meshlet.config.internal;

import java.util.Map;

/**
 * Keys that are not model fields but must not be reported as unknown: fields Istio removed from its
 * API (some harmless, some whose silent loss would change behaviour) and Kubernetes bookkeeping in
 * {@code metadata} that has no meaning for routing.
 */
public final class RemovedFields {
  /** What to do with a removed key. */
  public enum Action { IGNORE, WARN, ERROR }

  /** A removed key's treatment and the message shown for it. */
  public record Removal(Action action, String message) {}

  private static final String OLD_HEADERS =
      "was removed from Istio's API; use headers.request / headers.response (set, add, remove) instead";
  private static final Removal K8S = new Removal(Action.IGNORE, "");

  private static final Map<String, Removal> REMOVED = Map.ofEntries(
      Map.entry("HttpRoute.websocketUpgrade", new Removal(Action.WARN,
          "was removed from Istio's API and has no effect; WebSocket upgrades are allowed by default")),
      Map.entry("HttpRoute.appendHeaders", new Removal(Action.ERROR, OLD_HEADERS)),
      Map.entry("HttpRoute.appendRequestHeaders", new Removal(Action.ERROR, OLD_HEADERS)),
      Map.entry("HttpRoute.appendResponseHeaders", new Removal(Action.ERROR, OLD_HEADERS)),
      Map.entry("HttpRoute.removeRequestHeaders", new Removal(Action.ERROR, OLD_HEADERS)),
      Map.entry("HttpRoute.removeResponseHeaders", new Removal(Action.ERROR, OLD_HEADERS)),
      Map.entry("ObjectMeta.managedFields", K8S),
      Map.entry("ObjectMeta.ownerReferences", K8S),
      Map.entry("ObjectMeta.finalizers", K8S),
      Map.entry("ObjectMeta.selfLink", K8S),
      Map.entry("ObjectMeta.deletionTimestamp", K8S),
      Map.entry("ObjectMeta.deletionGracePeriodSeconds", K8S),
      Map.entry("ObjectMeta.clusterName", K8S));

  private static final RemovedFields STANDARD = new RemovedFields();

  public static RemovedFields standard() {
    return STANDARD;
  }

  /** The treatment of {@code key} in records of {@code type}, or null when the key is simply unknown. */
  public Removal lookup(Class<?> type, String key) {
    return REMOVED.get(type.getSimpleName() + "." + key);
  }
}
