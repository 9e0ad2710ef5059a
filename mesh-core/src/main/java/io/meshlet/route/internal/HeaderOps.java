package io.meshlet.route.internal;

import io.meshlet.config.model.Headers;
import io.meshlet.route.HeaderMutation;
import io.meshlet.route.HeaderMutation.Action;
import io.meshlet.route.HeaderMutation.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One level (route or destination) of Istio {@code headers} for one message, translated as Istio's
 * {@code TranslateHeadersOperations}: {@code set} entries then {@code add} entries, each sorted by
 * name; {@code host} and {@code :authority} become an authority rewrite; other pseudo-headers are
 * dropped.
 */
final class HeaderOps {
  static final HeaderOps NONE = new HeaderOps(List.of(), List.of(), null);

  final List<Operation> removes;
  final List<Operation> adds;
  final String authority;

  private HeaderOps(List<Operation> removes, List<Operation> adds, String authority) {
    this.removes = removes;
    this.adds = adds;
    this.authority = authority;
  }

  static HeaderOps request(Headers headers) {
    return headers == null ? NONE : of(headers.request(), true);
  }

  static HeaderOps response(Headers headers) {
    return headers == null ? NONE : of(headers.response(), false);
  }

  private static HeaderOps of(Headers.HeaderOperations ops, boolean request) {
    if (ops == null) {
      return NONE;
    }
    List<Operation> removes = new ArrayList<>();
    for (String name : ops.remove()) {
      String n = name.toLowerCase(Locale.ROOT);
      if (!isInternal(n)) {
        removes.add(new Operation(Action.REMOVE, n, null));
      }
    }
    List<Operation> adds = new ArrayList<>();
    String setAuthority = translate(ops.set(), Action.SET, adds);
    String addAuthority = translate(ops.add(), Action.ADD, adds);
    String authority = request ? (setAuthority != null ? setAuthority : addAuthority) : null;
    return new HeaderOps(List.copyOf(removes), List.copyOf(adds), authority);
  }

  private static String translate(Map<String, String> headers, Action action, List<Operation> out) {
    String authority = null;
    for (Map.Entry<String, String> e : new TreeMap<>(headers).entrySet()) {
      String n = e.getKey().toLowerCase(Locale.ROOT);
      if (n.equals(":authority") || n.equals("host")) {
        authority = e.getValue();
      }
      if (!isInternal(n)) {
        out.add(new Operation(action, n, e.getValue()));
      }
    }
    return authority;
  }

  private static boolean isInternal(String name) {
    return name.startsWith(":") || name.equals("host");
  }

  /**
   * Route and destination operations for a route with a single destination: Istio appends the
   * destination's to the route's, and Envoy runs every remove before every set/add.
   */
  static HeaderMutation single(HeaderOps route, HeaderOps destination) {
    List<Operation> out = new ArrayList<>();
    out.addAll(route.removes);
    out.addAll(destination.removes);
    out.addAll(route.adds);
    out.addAll(destination.adds);
    return HeaderMutation.of(out);
  }

  /** For one of several weighted destinations: Envoy applies the weighted cluster's level, then the route's. */
  static HeaderMutation weighted(HeaderOps route, HeaderOps destination) {
    List<Operation> out = new ArrayList<>();
    out.addAll(destination.removes);
    out.addAll(destination.adds);
    out.addAll(route.removes);
    out.addAll(route.adds);
    return HeaderMutation.of(out);
  }
}
