package io.meshlet.route.internal;

import com.google.re2j.PatternSyntaxException;
import io.meshlet.Workload;
import io.meshlet.config.model.HttpMatchRequest;
import io.meshlet.config.model.StringMatch;
import io.meshlet.config.model.VirtualService;
import io.meshlet.internal.Interner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compiles the match blocks of one route for one port and workload, as Istio's
 * {@code translateRoute}/{@code TranslateRouteMatch}: blocks for another {@code port}, and blocks
 * whose {@code gateways}, {@code sourceLabels} or {@code sourceNamespace} do not fit this workload,
 * are dropped; the rest become conditions.
 */
final class MatchCompiler {
  /** Header keys Istio's API says are ignored in {@code headers}: they have their own fields. */
  private static final Set<String> IGNORED_HEADER_KEYS = Set.of("uri", "scheme", "method", "authority");
  private static final String CLAIM_PREFIX = "@request.auth.claims";

  private final Workload workload;
  private final Regexes regexes;
  private final Diagnostics diagnostics;
  private final Interner interner;

  MatchCompiler(Workload workload, Regexes regexes, Diagnostics diagnostics, Interner interner) {
    this.workload = workload;
    this.regexes = regexes;
    this.diagnostics = diagnostics;
    this.interner = interner;
  }

  /**
   * Adds the entries of {@code route} for {@code port} to {@code out}, and the blocks it skips to
   * {@code route}; returns true when one of the entries matches every request (Istio then drops
   * every later route).
   */
  boolean compile(PreparedRoute pr, CompiledRoute route, int port, List<RouteEntry> out) {
    List<HttpMatchRequest> blocks = pr.route().match();
    String routeName = pr.route().name() == null ? "" : pr.route().name();
    if (blocks.isEmpty()) {
      out.add(new RouteEntry(route, -1, null, emptyToNull(routeName), Condition.NONE, 1));
      return true;
    }
    for (int j = 0; j < blocks.size(); j++) {
      HttpMatchRequest m = blocks.get(j);
      String skip = skipReason(m, port);
      if (skip != null) {
        route.skip(new CompiledRoute.SkippedBlock(j, m.name(), skip));
        continue;
      }
      String blockPath = pr.path() + ".match[" + j + "]";
      List<Condition> conditions = new ArrayList<>();
      int[] prefixLength = {1};
      boolean catchAll;
      try {
        catchAll = conditions(m, conditions, prefixLength, pr, blockPath);
      } catch (PatternSyntaxException e) {
        diagnostics.warn(pr, blockPath, "invalid RE2 expression: " + e.getMessage() + "; the match block is dropped");
        route.skip(new CompiledRoute.SkippedBlock(j, m.name(), "invalid RE2 expression"));
        continue;
      }
      String name = m.name() == null || m.name().isEmpty() ? routeName : routeName + "." + m.name();
      // Generated configurations repeat the same conditions across thousands of hosts: shared.
      Condition[] shared = interner.internArray(conditions.stream().map(interner::intern).toArray(Condition[]::new));
      out.add(new RouteEntry(route, j, m.name(), emptyToNull(name), shared, prefixLength[0]));
      if (catchAll) {
        return true;
      }
    }
    return false;
  }

  /** A compiled match, shared with every equal one of this compile. */
  private StringMatcher matcher(StringMatch match, boolean ignoreCase) {
    return interner.intern(StringMatcher.of(match, ignoreCase, regexes));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Why Istio drops this block for this workload and port, or null when it applies. */
  private String skipReason(HttpMatchRequest m, int port) {
    if (m.port() != null && m.port() != 0 && m.port() != port) {
      return "port " + m.port() + " is not the requested port " + port;
    }
    if (!m.gateways().isEmpty()) {
      return m.gateways().contains(VirtualService.MESH_GATEWAY) ? null
          : "gateways " + m.gateways() + " do not include mesh";
    }
    for (Map.Entry<String, String> e : m.sourceLabels().entrySet()) {
      if (!e.getValue().equals(workload.labels().get(e.getKey()))) {
        return "sourceLabels " + m.sourceLabels() + " are not all labels of workload " + workload.namespace() + "/"
            + workload.name() + " " + workload.labels();
      }
    }
    if (m.sourceNamespace() != null && !m.sourceNamespace().isEmpty()
        && !m.sourceNamespace().equals(workload.namespace())) {
      return "sourceNamespace " + m.sourceNamespace() + " is not the workload's namespace " + workload.namespace();
    }
    return null;
  }

  /** Fills {@code out}; returns true for Istio's catch-all (prefix {@code /} or regex {@code .*}, nothing else). */
  private boolean conditions(HttpMatchRequest m, List<Condition> out, int[] prefixLength, PreparedRoute pr,
      String blockPath) {
    boolean pathMatchesAll = true;
    StringMatch uri = m.uri();
    if (uri != null) {
      StringMatcher matcher = matcher(uri, m.ignoreUriCaseOrDefault());
      switch (matcher.kind()) {
        case EXACT -> {
          prefixLength[0] = -1;
          pathMatchesAll = false;
        }
        case PREFIX -> {
          prefixLength[0] = matcher.text().length();
          pathMatchesAll = matcher.text().equals("/");
        }
        case REGEX -> {
          prefixLength[0] = -1;
          pathMatchesAll = matcher.text().equals(".*");
        }
        default -> {
          // An empty uri match leaves Istio's default prefix "/".
        }
      }
      if (!pathMatchesAll) {
        out.add(new Condition.Path(matcher));
      }
    }
    int pathConditions = out.size();
    for (Map.Entry<String, StringMatch> e : sorted(m.headers())) {
      addHeader(e.getKey(), e.getValue(), false, out, pr, blockPath + ".headers");
    }
    for (Map.Entry<String, StringMatch> e : sorted(m.withoutHeaders())) {
      addHeader(e.getKey(), e.getValue(), true, out, pr, blockPath + ".withoutHeaders");
    }
    if (m.method() != null) {
      out.add(new Condition.Header("method", ":method", Condition.Source.METHOD,
          matcher(m.method(), false), false));
    }
    if (m.authority() != null) {
      out.add(new Condition.Header("authority", ":authority", Condition.Source.AUTHORITY,
          matcher(m.authority(), false), false));
    }
    if (m.scheme() != null) {
      out.add(new Condition.Header("scheme", ":scheme", Condition.Source.SCHEME,
          matcher(m.scheme(), false), false));
    }
    for (Map.Entry<String, StringMatch> e : sorted(m.queryParams())) {
      out.add(new Condition.Query(e.getKey(), matcher(e.getValue(), false)));
    }
    return pathMatchesAll && out.size() == pathConditions;
  }

  /** Istio sorts header matchers by name; order only shows in explanations. */
  private static Iterable<Map.Entry<String, StringMatch>> sorted(Map<String, StringMatch> map) {
    return map.size() <= 1 ? map.entrySet() : new TreeMap<>(map).entrySet();
  }

  private void addHeader(String key, StringMatch match, boolean invert, List<Condition> out, PreparedRoute pr,
      String mapPath) {
    String name = key.toLowerCase(Locale.ROOT);
    String field = (invert ? "withoutHeaders[" : "headers[") + key + "]";
    if (IGNORED_HEADER_KEYS.contains(name)) {
      diagnostics.warn(pr, mapPath + "." + key, "header key \"" + key
          + "\" is ignored, as Istio's API says; use the " + name + " field");
      return;
    }
    StringMatcher matcher = matcher(match, false);
    if (name.startsWith(CLAIM_PREFIX)) {
      diagnostics.warn(pr, mapPath + "." + key, "JWT claim matches need a RequestAuthentication, which Meshlet does not"
          + " run; the claim is always absent");
      out.add(new Condition.Claim(key, matcher, invert));
      return;
    }
    Condition.Source source = switch (name) {
      case ":method" -> Condition.Source.METHOD;
      case ":scheme" -> Condition.Source.SCHEME;
      case ":authority" -> Condition.Source.AUTHORITY;
      case ":path" -> Condition.Source.PATH;
      default -> Condition.Source.HEADER;
    };
    out.add(new Condition.Header(field, name, source, matcher, invert));
  }
}
