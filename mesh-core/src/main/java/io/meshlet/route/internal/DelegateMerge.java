package io.meshlet.route.internal;

import io.meshlet.config.model.HttpMatchRequest;
import io.meshlet.config.model.HttpRoute;
import io.meshlet.config.model.StringMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Istio's merge of a delegate VirtualService route into the root route that delegates to it
 * ({@code mergeHTTPRoute}): every delegate match block must fit inside some root block (then the
 * merged block is root ∧ delegate), and the delegate inherits what it leaves unset.
 */
final class DelegateMerge {
  private DelegateMerge() {}

  /** The merged route, or null when a delegate block conflicts with every root block. */
  static HttpRoute merge(HttpRoute root, HttpRoute leaf) {
    List<HttpMatchRequest> match = mergeMatches(root.match(), leaf.match());
    if (match == null) {
      return null;
    }
    String name = leaf.name() == null || leaf.name().isEmpty() ? root.name()
        : root.name() == null || root.name().isEmpty() ? leaf.name() : root.name() + "-" + leaf.name();
    return new HttpRoute(name, match, leaf.route(), leaf.redirect(),
        or(leaf.directResponse(), root.directResponse()), null,
        or(leaf.rewrite(), root.rewrite()),
        or(leaf.timeout(), root.timeout()),
        or(leaf.retries(), root.retries()),
        or(leaf.fault(), root.fault()),
        or(leaf.mirror(), root.mirror()), null,
        or(leaf.mirrorPercentage(), root.mirrorPercentage()),
        leaf.mirrors().isEmpty() ? root.mirrors() : leaf.mirrors(),
        or(leaf.corsPolicy(), root.corsPolicy()),
        or(leaf.headers(), root.headers()));
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static List<HttpMatchRequest> mergeMatches(List<HttpMatchRequest> root, List<HttpMatchRequest> leaf) {
    if (root.isEmpty()) {
      return leaf;
    }
    if (leaf.isEmpty()) {
      return root;
    }
    List<HttpMatchRequest> out = new ArrayList<>();
    for (HttpMatchRequest sub : leaf) {
      boolean found = false;
      for (HttpMatchRequest r : root) {
        if (!conflicts(r, sub)) {
          out.add(mergeMatch(r, sub));
          found = true;
        }
      }
      if (!found) {
        return null;
      }
    }
    return out;
  }

  private static HttpMatchRequest mergeMatch(HttpMatchRequest root, HttpMatchRequest leaf) {
    String name = leaf.name() == null || leaf.name().isEmpty() ? root.name()
        : root.name() == null || root.name().isEmpty() ? leaf.name() : root.name() + "-" + leaf.name();
    Integer port = leaf.port() == null || leaf.port() == 0 ? root.port() : leaf.port();
    return new HttpMatchRequest(name, or(leaf.uri(), root.uri()), or(leaf.scheme(), root.scheme()),
        or(leaf.method(), root.method()), or(leaf.authority(), root.authority()),
        union(root.headers(), leaf.headers()), port, union(root.sourceLabels(), leaf.sourceLabels()),
        leaf.gateways().isEmpty() ? root.gateways() : leaf.gateways(),
        union(root.queryParams(), leaf.queryParams()), leaf.ignoreUriCase(),
        union(root.withoutHeaders(), leaf.withoutHeaders()),
        leaf.sourceNamespace() == null || leaf.sourceNamespace().isEmpty() ? root.sourceNamespace()
            : leaf.sourceNamespace(),
        leaf.statPrefix() == null || leaf.statPrefix().isEmpty() ? root.statPrefix() : leaf.statPrefix());
  }

  private static <V> Map<String, V> union(Map<String, V> root, Map<String, V> leaf) {
    Map<String, V> out = new LinkedHashMap<>(root);
    out.putAll(leaf);
    return out;
  }

  private static boolean conflicts(HttpMatchRequest root, HttpMatchRequest leaf) {
    if (conflicts(root.uri(), leaf.uri()) || conflicts(root.scheme(), leaf.scheme())
        || conflicts(root.method(), leaf.method()) || conflicts(root.authority(), leaf.authority())) {
      return true;
    }
    for (Map.Entry<String, StringMatch> e : leaf.headers().entrySet()) {
      if (conflicts(root.headers().get(e.getKey()), e.getValue())) {
        return true;
      }
    }
    for (Map.Entry<String, StringMatch> e : leaf.withoutHeaders().entrySet()) {
      if (conflicts(root.withoutHeaders().get(e.getKey()), e.getValue())) {
        return true;
      }
    }
    for (Map.Entry<String, StringMatch> e : leaf.queryParams().entrySet()) {
      if (conflicts(root.queryParams().get(e.getKey()), e.getValue())) {
        return true;
      }
    }
    if (root.ignoreUriCaseOrDefault() != leaf.ignoreUriCaseOrDefault()) {
      return true;
    }
    if (positive(root.port()) && positive(leaf.port()) && !root.port().equals(leaf.port())) {
      return true;
    }
    if (root.sourceNamespace() != null && !root.sourceNamespace().isEmpty()
        && !root.sourceNamespace().equals(leaf.sourceNamespace())) {
      return true;
    }
    for (Map.Entry<String, String> e : leaf.sourceLabels().entrySet()) {
      String v = root.sourceLabels().get(e.getKey());
      if (v != null && !v.equals(e.getValue())) {
        return true;
      }
    }
    return !root.gateways().isEmpty() && !leaf.gateways().isEmpty()
        && !root.gateways().containsAll(leaf.gateways());
  }

  private static boolean positive(Integer port) {
    return port != null && port > 0;
  }

  /** Whether a delegate's string match fails to be a subset of the root's. */
  private static boolean conflicts(StringMatch root, StringMatch leaf) {
    if (root == null || leaf == null) {
      return false;
    }
    if (nonEmpty(root.regex())) {
      if (nonEmpty(leaf.regex()) || nonEmpty(leaf.prefix()) || nonEmpty(leaf.exact())) {
        return true;
      }
    }
    if (nonEmpty(leaf.regex())) {
      if (nonEmpty(root.regex()) || nonEmpty(root.prefix()) || nonEmpty(root.exact())) {
        return true;
      }
    }
    if (nonEmpty(root.exact())) {
      return nonEmpty(leaf.prefix()) || !Objects.equals(root.exact(), leaf.exact() == null ? "" : leaf.exact());
    }
    if (nonEmpty(root.prefix())) {
      if (nonEmpty(leaf.prefix())) {
        return !leaf.prefix().startsWith(root.prefix());
      }
      if (nonEmpty(leaf.exact())) {
        return !leaf.exact().startsWith(root.prefix());
      }
    }
    return true;
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
