package io.meshlet.config.internal;

import io.meshlet.config.model.HttpMatchRequest;
import io.meshlet.config.model.HttpRoute;
import io.meshlet.config.model.L4MatchAttributes;
import io.meshlet.config.model.ObjectMeta;
import io.meshlet.config.model.RouteDestination;
import io.meshlet.config.model.StringMatch;
import io.meshlet.config.model.TcpRoute;
import io.meshlet.config.model.TlsMatchAttributes;
import io.meshlet.config.model.TlsRoute;
import io.meshlet.config.model.VirtualService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Istio's validation of a VirtualService ({@code ValidateVirtualService}): hosts, gateways, delegate
 * rules, each route, {@code exportTo}, and Istio's warnings for routes that can never match. Adds
 * warnings for what loads but has no effect in-process: TLS and TCP routes, and rules that apply
 * only to gateways.
 */
final class VirtualServiceValidator {
  private VirtualServiceValidator() {}

  static void validate(VirtualService spec, ObjectMeta meta, String path, Problems p) {
    boolean delegate = spec.hosts().isEmpty();
    String gatewaysPath = Paths.field(path, "gateways");
    if (delegate) {
      delegateRules(spec, path, p);
    }
    VirtualServiceRules.gatewayNames(spec.gateways(), gatewaysPath, p);
    boolean appliesToMesh = VirtualServiceRules.appliesToMesh(spec.gateways());
    if (!appliesToMesh) {
      p.warning(gatewaysPath, "lists only gateways, not \"mesh\": this VirtualService applies only to those "
          + "gateways and is ignored in-process");
    }
    hosts(spec, appliesToMesh, path, p);
    if (spec.http().isEmpty() && spec.tls().isEmpty() && spec.tcp().isEmpty()) {
      p.error(path, "at least one http, tls or tcp route is required");
    }
    String httpPath = Paths.field(path, "http");
    for (int i = 0; i < spec.http().size(); i++) {
      HttpRouteValidator.validate(spec.http().get(i), delegate, appliesToMesh, Paths.index(httpPath, i), p);
    }
    if (appliesToMesh) {
      jwtClaims(spec.http(), httpPath, p);
    }
    String tlsPath = Paths.field(path, "tls");
    for (int i = 0; i < spec.tls().size(); i++) {
      tlsRoute(spec.tls().get(i), spec, appliesToMesh, Paths.index(tlsPath, i), p);
    }
    String tcpPath = Paths.field(path, "tcp");
    for (int i = 0; i < spec.tcp().size(); i++) {
      tcpRoute(spec.tcp().get(i), Paths.index(tcpPath, i), p);
    }
    Validation.exportTo(spec.exportTo(), Paths.field(path, "exportTo"), p);
    unreachableRoutes(spec.http(), httpPath, p);
    if (appliesToMesh && !delegate) {
      if (!spec.tls().isEmpty()) {
        p.warning(tlsPath, "TLS routes have no effect in-process: Meshlet routes only the HTTP requests of this "
            + "JVM's clients, never raw TLS connections");
      }
      if (!spec.tcp().isEmpty()) {
        p.warning(tcpPath, "TCP routes have no effect in-process: Meshlet routes only the HTTP requests of this "
            + "JVM's clients, never raw TCP connections");
      }
    }
  }

  /** A VirtualService without hosts is a delegate: it takes hosts and gateways from its root. */
  private static void delegateRules(VirtualService spec, String path, Problems p) {
    if (!spec.gateways().isEmpty()) {
      p.error(Paths.field(path, "gateways"), "must be empty in a delegate VirtualService (one without hosts): "
          + "the root VirtualService decides where its routes apply");
    }
    if (!spec.tls().isEmpty()) {
      p.error(Paths.field(path, "tls"), "a delegate VirtualService (one without hosts) can have only http routes");
    }
    if (!spec.tcp().isEmpty()) {
      p.error(Paths.field(path, "tcp"), "a delegate VirtualService (one without hosts) can have only http routes");
    }
    p.note(path, "no hosts: this is a delegate VirtualService; its routes apply only where a root "
        + "VirtualService's http[].delegate names it");
  }

  private static void hosts(VirtualService spec, boolean appliesToMesh, String path, Problems p) {
    String hostsPath = Paths.field(path, "hosts");
    boolean sni = spec.tls().stream().anyMatch(t -> t.match().stream().anyMatch(m -> !m.sniHosts().isEmpty()));
    boolean allValid = true;
    for (int i = 0; i < spec.hosts().size(); i++) {
      String host = spec.hosts().get(i);
      String error = appliesToMesh ? VirtualServiceRules.wildcardDomainError(host) : gatewayHostError(sni, host);
      if (error != null && !VirtualServiceRules.isIpAddress(host)) {
        p.error(Paths.index(hostsPath, i), error);
        allValid = false;
      } else if (error == null && appliesToMesh && host.equals("*")) {
        p.error(Paths.index(hostsPath, i), "\"*\" is allowed only in VirtualServices bound to gateways; "
            + "name the hosts this rule routes");
        allValid = false;
      }
    }
    if (!allValid) {
      return;
    }
    for (int j = 1; j < spec.hosts().size(); j++) {
      for (int i = 0; i < j; i++) {
        if (VirtualServiceRules.hostsOverlap(spec.hosts().get(i), spec.hosts().get(j))) {
          p.error(Paths.index(hostsPath, j), "duplicate host: \"" + spec.hosts().get(j) + "\" overlaps \""
              + spec.hosts().get(i) + "\" (hosts[" + i + "])");
          break;
        }
      }
    }
  }

  /**
   * Hosts of a VirtualService bound to gateways; with SNI routes they may also be the names Istio
   * generates for AUTO_PASSTHROUGH gateways, {@code outbound_.<port>_._.<hostname>}.
   */
  private static String gatewayHostError(boolean sni, String host) {
    if (host.isEmpty() || host.length() > 255 || !sni || !host.startsWith("outbound_")) {
      return VirtualServiceRules.wildcardDomainError(host);
    }
    String[] parts = host.split("_", -1);
    String format = "; write outbound_.<PORT>_._.<HOSTNAME>";
    if (parts.length < 4) {
      return "invalid host \"" + host + "\"" + format;
    }
    String port = trimDots(parts[1]);
    String hostname = trimDots(parts[3]);
    if (port.chars().noneMatch(Character::isDigit) || hostname.chars().noneMatch(Character::isLetter)) {
      return "invalid host \"" + host + "\"" + format;
    }
    return null;
  }

  private static String trimDots(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '.') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(start, end);
  }

  /** Istio routes on JWT claims only at gateways, where the request was authenticated. */
  private static void jwtClaims(List<HttpRoute> http, String path, Problems p) {
    for (int i = 0; i < http.size(); i++) {
      List<HttpMatchRequest> matches = http.get(i).match();
      for (int j = 0; j < matches.size(); j++) {
        jwtClaims(matches.get(j).headers(), path, i, j, "headers", p);
        jwtClaims(matches.get(j).withoutHeaders(), path, i, j, "withoutHeaders", p);
      }
    }
  }

  private static void jwtClaims(Map<String, StringMatch> headers, String path, int route, int match, String field,
      Problems p) {
    for (String key : headers.keySet()) {
      if (HttpRouteHeaders.isJwtClaim(key)) {
        String matchPath = Paths.index(Paths.field(Paths.index(path, route), "match"), match);
        p.error(Paths.key(Paths.field(matchPath, field), key), "JWT claim matching works only in VirtualServices "
            + "bound to gateways (without \"mesh\"): no JWT is validated for sidecar or in-process traffic");
      }
    }
  }

  private static void tlsRoute(TlsRoute route, VirtualService spec, boolean appliesToMesh, String path, Problems p) {
    if (route.match().isEmpty()) {
      p.error(Paths.field(path, "match"), "required: TLS routes are chosen by SNI, so at least one match is needed");
    }
    for (int j = 0; j < route.match().size(); j++) {
      TlsMatchAttributes m = route.match().get(j);
      String matchPath = Paths.index(Paths.field(path, "match"), j);
      String sniPath = Paths.field(matchPath, "sniHosts");
      if (m.sniHosts().isEmpty()) {
        p.error(sniPath, "required: at least one SNI host");
      }
      for (int k = 0; k < m.sniHosts().size(); k++) {
        sniHost(m.sniHosts().get(k), spec, appliesToMesh, Paths.index(sniPath, k), p);
      }
      l4Match(m.destinationSubnets(), m.port(), m.sourceLabels(), m.gateways(), matchPath, p);
    }
    routeDestinations(route.route(), Paths.field(path, "route"), p);
  }

  private static void sniHost(String sni, VirtualService spec, boolean appliesToMesh, String path, Problems p) {
    String error = appliesToMesh ? VirtualServiceRules.wildcardDomainError(sni) : gatewayHostError(true, sni);
    if (error != null) {
      if (VirtualServiceRules.isIpAddress(sni)) {
        p.warning(path, "an IP address (\"" + sni + "\") as SNI goes against the TLS specification; most clients "
            + "never send one");
      } else {
        p.error(path, error);
      }
      return;
    }
    for (String host : spec.hosts()) {
      if (VirtualServiceRules.hostWithin(sni, host)) {
        return;
      }
    }
    p.error(path, "SNI host \"" + sni + "\" is not within any of the VirtualService's hosts: ["
        + String.join(", ", spec.hosts()) + "]");
  }

  private static void tcpRoute(TcpRoute route, String path, Problems p) {
    for (int j = 0; j < route.match().size(); j++) {
      L4MatchAttributes m = route.match().get(j);
      l4Match(m.destinationSubnets(), m.port(), m.sourceLabels(), m.gateways(),
          Paths.index(Paths.field(path, "match"), j), p);
    }
    routeDestinations(route.route(), Paths.field(path, "route"), p);
  }

  private static void l4Match(List<String> subnets, Integer port, Map<String, String> sourceLabels,
      List<String> gateways, String path, Problems p) {
    String subnetsPath = Paths.field(path, "destinationSubnets");
    for (int i = 0; i < subnets.size(); i++) {
      if (!VirtualServiceRules.isIpOrCidr(subnets.get(i))) {
        p.error(Paths.index(subnetsPath, i), "must be an IP address or a CIDR block such as 10.0.0.0/8, got \""
            + subnets.get(i) + "\"");
      }
    }
    if (port != null && port != 0) {
      VirtualServiceRules.port(port, Paths.field(path, "port"), p);
    }
    Validation.labels(sourceLabels, Paths.field(path, "sourceLabels"), p);
    VirtualServiceRules.gatewayNames(gateways, Paths.field(path, "gateways"), p);
  }

  private static void routeDestinations(List<RouteDestination> route, String path, Problems p) {
    if (route.isEmpty()) {
      p.error(path, "required: at least one destination");
    }
    VirtualServiceRules.weightedDestinations(route, RouteDestination::destination, RouteDestination::weight, path, p);
  }

  /**
   * Istio's warnings for HTTP routes that can never be used: anything after a route without match
   * (it takes every request), and match blocks identical to an earlier one.
   */
  private static void unreachableRoutes(List<HttpRoute> http, String path, Problems p) {
    int catchAll = -1;
    // Where each distinct block first appears, as http[i].match[j]; text only for a warning.
    Map<HttpMatchRequest, int[]> seen = new HashMap<>();
    for (int i = 0; i < http.size(); i++) {
      HttpRoute route = http.get(i);
      if (catchAll >= 0) {
        p.warning(Paths.index(path, i), "unreachable: http[" + catchAll + "] has no match, so it takes every "
            + "request first; only the last route may omit match");
        continue;
      }
      if (route.match().isEmpty()) {
        catchAll = i;
        continue;
      }
      int repeated = 0;
      for (int j = 0; j < route.match().size(); j++) {
        int[] earlier = seen.putIfAbsent(withoutName(route.match().get(j)), new int[] {i, j});
        if (earlier != null) {
          p.warning(Paths.index(Paths.field(Paths.index(path, i), "match"), j), "never used: http[" + earlier[0]
              + "].match[" + earlier[1] + "] has the same conditions and comes first");
          repeated++;
        }
      }
      if (repeated == route.match().size()) {
        p.warning(Paths.index(path, i), "unreachable: every match block repeats an earlier one");
      }
    }
  }

  private static HttpMatchRequest withoutName(HttpMatchRequest m) {
    if (m.name() == null) {
      return m;
    }
    return new HttpMatchRequest(null, m.uri(), m.scheme(), m.method(), m.authority(), m.headers(), m.port(),
        m.sourceLabels(), m.gateways(), m.queryParams(), m.ignoreUriCase(), m.withoutHeaders(),
        m.sourceNamespace(), m.statPrefix());
  }
}
