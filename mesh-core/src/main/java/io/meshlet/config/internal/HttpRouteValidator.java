package io.meshlet.config.internal;

import io.meshlet.config.model.HttpMatchRequest;
import io.meshlet.config.model.HttpMirrorPolicy;
import io.meshlet.config.model.HttpRoute;
import io.meshlet.config.model.HttpRouteDestination;
import io.meshlet.config.model.Percent;
import io.meshlet.config.model.StringMatch;
import java.util.Map;

/**
 * Istio's validation of one HTTP route of a VirtualService ({@code validateHTTPRoute}): which actions
 * may be combined, match blocks, header operations, mirrors, destinations and timeout. The actions'
 * own fields are checked by {@link HttpRoutePolicies}.
 */
final class HttpRouteValidator {
  private HttpRouteValidator() {}

  /**
   * Validates {@code route} at {@code path}.
   *
   * @param inDelegate whether the route belongs to a delegate VirtualService (one without hosts)
   * @param appliesToMesh whether the VirtualService applies to sidecars, so in-process
   */
  static void validate(HttpRoute route, boolean inDelegate, boolean appliesToMesh, String path, Problems p) {
    actions(route, inDelegate, path, p);
    if (!route.match().isEmpty()) {
      String matchPath = Paths.field(path, "match");
      for (int i = 0; i < route.match().size(); i++) {
        match(route.match().get(i), appliesToMesh, Paths.index(matchPath, i), p);
      }
    }
    // Sections are checked only when present: a large mesh has a hundred thousand routes, and
    // building the field paths of absent sections was a good part of its validation time.
    if (route.headers() != null) {
      HttpRouteHeaders.operations(route.headers(), Paths.field(path, "headers"), p);
      authorityRewrite(route, path, p);
    }
    if (route.corsPolicy() != null) {
      HttpRoutePolicies.cors(route.corsPolicy(), Paths.field(path, "corsPolicy"), p);
    }
    if (route.fault() != null) {
      HttpRoutePolicies.fault(route.fault(), Paths.field(path, "fault"), p);
    }
    mirrors(route, path, p);
    if (route.redirect() != null) {
      HttpRoutePolicies.redirect(route.redirect(), route.match(), Paths.field(path, "redirect"), p);
    }
    if (route.directResponse() != null) {
      HttpRoutePolicies.directResponse(route.directResponse(), Paths.field(path, "directResponse"), p);
    }
    if (route.retries() != null) {
      HttpRoutePolicies.retries(route.retries(), Paths.field(path, "retries"), p);
    }
    if (route.rewrite() != null) {
      HttpRoutePolicies.rewrite(route.rewrite(), Paths.field(path, "rewrite"), p);
    }
    String routePath = Paths.field(path, "route");
    VirtualServiceRules.weightedDestinations(route.route(), HttpRouteDestination::destination,
        HttpRouteDestination::weight, routePath, p);
    for (int i = 0; i < route.route().size(); i++) {
      if (route.route().get(i).headers() != null) {
        HttpRouteHeaders.operations(route.route().get(i).headers(),
            Paths.field(Paths.index(routePath, i), "headers"), p);
      }
    }
    if (route.timeout() != null) {
      VirtualServiceRules.duration(route.timeout(), Paths.field(path, "timeout"), p);
    }
  }

  /** Exactly one way to answer: forward ({@code route}), {@code redirect}, {@code directResponse} or {@code delegate}. */
  private static void actions(HttpRoute route, boolean inDelegate, String path, Problems p) {
    boolean forwards = !route.route().isEmpty();
    if (route.delegate() != null && !inDelegate) {
      // A root route hands the request over to the delegate's routes, so it cannot also answer itself.
      if (route.redirect() != null) {
        p.error(Paths.field(path, "redirect"), "cannot be combined with delegate: the delegate's routes answer the request");
      }
      if (forwards) {
        p.error(Paths.field(path, "route"), "cannot be combined with delegate: the delegate's routes answer the request");
      }
      return;
    }
    if (route.delegate() != null) {
      p.error(Paths.field(path, "delegate"),
          "a delegate VirtualService (one without hosts) cannot delegate again; delegation is one level deep");
    }
    if (route.redirect() != null) {
      conflict(forwards, "route", "redirect", path, p);
      conflict(route.fault() != null, "fault", "redirect", path, p);
      conflict(route.rewrite() != null, "rewrite", "redirect", path, p);
      conflict(route.directResponse() != null, "directResponse", "redirect", path, p);
    } else if (route.directResponse() != null) {
      conflict(forwards, "route", "directResponse", path, p);
      conflict(route.fault() != null, "fault", "directResponse", path, p);
      conflict(route.rewrite() != null, "rewrite", "directResponse", path, p);
    } else if (!forwards) {
      p.error(path, "one of route, redirect, directResponse or delegate is required");
    }
    if (route.mirror() != null && !route.mirrors().isEmpty()) {
      p.error(Paths.field(path, "mirrors"), "cannot be combined with mirror; list every mirror under mirrors");
    }
  }

  private static void conflict(boolean present, String field, String action, String path, Problems p) {
    if (present) {
      p.error(Paths.field(path, field), "cannot be combined with " + action
          + ": a route that answers with a " + (action.equals("redirect") ? "redirect" : "direct response")
          + " does not forward the request");
    }
  }

  private static void match(HttpMatchRequest m, boolean appliesToMesh, String path, Problems p) {
    for (Map.Entry<String, StringMatch> e : m.headers().entrySet()) {
      String keyPath = Paths.key(Paths.field(path, "headers"), e.getKey());
      HttpRouteHeaders.matchKey(e.getKey(), keyPath, p);
      VirtualServiceRules.stringMatch(e.getValue(), keyPath, p, false, false);
    }
    for (Map.Entry<String, StringMatch> e : m.withoutHeaders().entrySet()) {
      String keyPath = Paths.key(Paths.field(path, "withoutHeaders"), e.getKey());
      HttpRouteHeaders.matchKey(e.getKey(), keyPath, p);
      VirtualServiceRules.stringMatch(e.getValue(), keyPath, p, false, true);
    }
    // Envoy accepts an empty path prefix, but not an empty prefix for other strings.
    stringMatch(m.uri(), path, "uri", true, p);
    stringMatch(m.scheme(), path, "scheme", false, p);
    stringMatch(m.method(), path, "method", false, p);
    stringMatch(m.authority(), path, "authority", false, p);
    for (Map.Entry<String, StringMatch> e : m.queryParams().entrySet()) {
      VirtualServiceRules.stringMatch(e.getValue(), Paths.key(Paths.field(path, "queryParams"), e.getKey()), p, false,
          false);
    }
    if (m.port() != null && m.port() != 0) {
      VirtualServiceRules.port(m.port(), Paths.field(path, "port"), p);
    }
    if (!m.sourceLabels().isEmpty()) {
      Validation.labels(m.sourceLabels(), Paths.field(path, "sourceLabels"), p);
    }
    if (!m.gateways().isEmpty()) {
      VirtualServiceRules.gatewayNames(m.gateways(), Paths.field(path, "gateways"), p);
    }
    if (m.sourceNamespace() != null && !m.sourceNamespace().isEmpty()
        && !VirtualServiceRules.isLabel(m.sourceNamespace())) {
      p.error(Paths.field(path, "sourceNamespace"), "must be a namespace name (a DNS-1123 label), got \""
          + m.sourceNamespace() + "\"");
    }
    inProcessEffect(m, appliesToMesh, path, p);
  }

  private static void stringMatch(StringMatch m, String matchPath, String field, boolean emptyPrefixOk, Problems p) {
    if (m != null) {
      VirtualServiceRules.stringMatch(m, Paths.field(matchPath, field), p, emptyPrefixOk, false);
    }
  }

  /** Warnings for match fields that load but do nothing in a JVM's HTTP clients. */
  private static void inProcessEffect(HttpMatchRequest m, boolean appliesToMesh, String path, Problems p) {
    if (!m.gateways().isEmpty()) {
      if (appliesToMesh && !VirtualServiceRules.appliesToMesh(m.gateways())) {
        p.warning(Paths.field(path, "gateways"), "names only gateways, not \"mesh\": this match block applies "
            + "only to those gateways and never matches in-process");
      }
      // Istio checks a block's gateways instead of its source selectors, never both.
      if (!m.sourceLabels().isEmpty()) {
        p.warning(Paths.field(path, "sourceLabels"), "has no effect: this match block sets gateways, and Istio "
            + "then selects by gateway only, ignoring sourceLabels");
      }
      if (m.sourceNamespace() != null && !m.sourceNamespace().isEmpty()) {
        p.warning(Paths.field(path, "sourceNamespace"), "has no effect: this match block sets gateways, and "
            + "Istio then selects by gateway only, ignoring sourceNamespace");
      }
    }
    if (m.statPrefix() != null) {
      p.warning(Paths.field(path, "statPrefix"), "has no effect in-process: it prefixes Envoy's per-route "
          + "statistics, which Meshlet does not produce");
    }
  }

  /** The authority may be rewritten in one place only: rewrite.authority or one request header operation. */
  private static void authorityRewrite(HttpRoute route, String path, Problems p) {
    String current = route.rewrite() != null && route.rewrite().authority() != null
        && !route.rewrite().authority().isEmpty() ? route.rewrite().authority() : null;
    String where = current != null ? "rewrite.authority" : null;
    if (route.headers() == null || route.headers().request() == null) {
      return;
    }
    String requestPath = Paths.field(Paths.field(path, "headers"), "request");
    for (String op : new String[] {"set", "add"}) {
      Map<String, String> entries = op.equals("set") ? route.headers().request().set() : route.headers().request().add();
      for (Map.Entry<String, String> e : entries.entrySet()) {
        if (!HttpRouteHeaders.isAuthority(e.getKey())) {
          continue;
        }
        if (current != null) {
          p.error(Paths.key(Paths.field(requestPath, op), e.getKey()), "the authority is already set to \""
              + current + "\" by " + where + "; set it in one place only");
          return;
        }
        current = e.getValue();
        where = "headers.request." + op + "." + e.getKey();
      }
    }
  }

  /** {@code mirror} (with {@code mirrorPercentage}, or the deprecated {@code mirrorPercent}) and {@code mirrors}. */
  @SuppressWarnings("deprecation")
  private static void mirrors(HttpRoute route, String path, Problems p) {
    Integer legacy = route.mirrorPercent();
    if (legacy != null) {
      String legacyPath = Paths.field(path, "mirrorPercent");
      if (legacy < 0 || legacy > 100) {
        p.error(legacyPath, "must be between 0 and 100, got " + legacy);
      }
      p.warning(legacyPath, "is deprecated; use mirrorPercentage: {value: " + legacy + "}");
    }
    Percent share = route.mirrorPercentage();
    // The model copies mirrorPercent into mirrorPercentage; that copy was checked above.
    boolean copied = legacy != null && share != null && Percent.of(legacy).equals(share);
    if (share != null && !copied) {
      VirtualServiceRules.share(share.value(), Paths.field(Paths.field(path, "mirrorPercentage"), "value"), p);
    }
    if (route.mirror() != null) {
      VirtualServiceRules.destination(route.mirror(), Paths.field(path, "mirror"), p);
    }
    String mirrorsPath = Paths.field(path, "mirrors");
    for (int i = 0; i < route.mirrors().size(); i++) {
      HttpMirrorPolicy mirror = route.mirrors().get(i);
      String itemPath = Paths.index(mirrorsPath, i);
      VirtualServiceRules.destination(mirror.destination(), Paths.field(itemPath, "destination"), p);
      if (mirror.percentage() != null) {
        VirtualServiceRules.share(mirror.percentage().value(),
            Paths.field(Paths.field(itemPath, "percentage"), "value"), p);
      }
    }
  }
}
