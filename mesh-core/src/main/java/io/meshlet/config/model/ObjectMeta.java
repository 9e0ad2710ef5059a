package io.meshlet.config.model;

import java.util.Map;

/**
 * The Kubernetes {@code metadata} of an Istio object, limited to what routing and diagnostics use;
 * the loader accepts and ignores the rest of Kubernetes' bookkeeping fields.
 *
 * @param name the object's name
 * @param namespace the object's namespace; short host names in the spec resolve against it
 * @param labels Kubernetes labels
 * @param annotations Kubernetes annotations
 * @param creationTimestamp RFC 3339 text as Kubernetes writes it; Istio orders conflicting objects
 *     (several VirtualServices or DestinationRules for one host) by it, oldest first
 * @param resourceVersion opaque Kubernetes version
 * @param uid Kubernetes UID
 * @param generation Kubernetes generation
 * @param generateName Kubernetes name prefix for generated names
 */
public record ObjectMeta(
    String name,
    String namespace,
    Map<String, String> labels,
    Map<String, String> annotations,
    String creationTimestamp,
    String resourceVersion,
    String uid,
    Long generation,
    String generateName) {

  public ObjectMeta {
    labels = Copies.map(labels);
    annotations = Copies.map(annotations);
  }

  /** Metadata with just a name and a namespace, for objects built in code. */
  public static ObjectMeta of(String name, String namespace) {
    return new ObjectMeta(name, namespace, null, null, null, null, null, null, null);
  }

  /** A copy in another namespace, used when a loader fills in the default namespace. */
  public ObjectMeta withNamespace(String newNamespace) {
    return new ObjectMeta(name, newNamespace, labels, annotations, creationTimestamp, resourceVersion,
        uid, generation, generateName);
  }
}
