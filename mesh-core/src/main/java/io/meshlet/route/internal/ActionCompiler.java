package io.meshlet.route.internal;

import com.google.re2j.PatternSyntaxException;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.config.model.Destination;
import io.meshlet.config.model.HttpFaultInjection;
import io.meshlet.config.model.HttpMirrorPolicy;
import io.meshlet.config.model.HttpRedirect;
import io.meshlet.config.model.HttpRetry;
import io.meshlet.config.model.HttpRewrite;
import io.meshlet.config.model.HttpRoute;
import io.meshlet.config.model.HttpRouteDestination;
import io.meshlet.internal.Interner;
import io.meshlet.registry.Service;
import io.meshlet.route.Cors;
import io.meshlet.route.FaultPolicy;
import io.meshlet.route.MirrorPolicy;
import io.meshlet.route.RetryOn;
import io.meshlet.route.RetryPolicy;
import io.meshlet.route.RouteDecision;
import io.meshlet.route.RouteDecision.Outcome;
import io.meshlet.route.WeightedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compiles the action of one HTTP route for one port, as Istio's {@code translateRoute}: weighted
 * destinations (or a redirect, or a direct response), rewrites, header operations, timeout, retries,
 * fault, mirrors and CORS, into decision templates shared by every request.
 */
final class ActionCompiler {
  private static final Set<Integer> REDIRECT_CODES = Set.of(301, 302, 303, 307, 308);

  private final Map<String, Service> services;
  private final Regexes regexes;
  private final Diagnostics diagnostics;
  private final Interner interner;

  /**
   * @param services the mesh services visible to the workload, by host name, to find a
   *     destination's only port
   * @param interner shares cluster keys with the rest of the compile
   */
  ActionCompiler(Map<String, Service> services, Regexes regexes, Diagnostics diagnostics, Interner interner) {
    this.services = services;
    this.regexes = regexes;
    this.diagnostics = diagnostics;
    this.interner = interner;
  }

  /** The action, or null when Istio would drop the route. */
  RouteAction compile(PreparedRoute pr, String vsKey, int port) {
    HttpRoute r = pr.route();
    FaultPolicy fault = fault(r.fault(), pr);
    Cors cors = cors(r, pr);
    HeaderOps routeResponse = HeaderOps.response(r.headers());
    if (r.redirect() != null) {
      return redirect(r.redirect(), pr, vsKey, port, routeResponse, fault, cors);
    }
    if (r.directResponse() != null) {
      byte[] body;
      try {
        body = r.directResponse().body() == null ? new byte[0] : r.directResponse().body().decoded();
      } catch (IllegalArgumentException e) {
        diagnostics.warn(pr, pr.path() + ".directResponse.body.bytes", "not valid base64; the route is dropped");
        return null;
      }
      int status = r.directResponse().status() == null ? 200 : r.directResponse().status();
      return RouteAction.directResponse(RouteDecision.Template.builder(Outcome.DIRECT_RESPONSE).status(status)
          .body(body).virtualService(vsKey, pr.index()).responseHeaders(HeaderOps.single(routeResponse, HeaderOps.NONE))
          .fault(fault).cors(cors).build());
    }
    List<HttpRouteDestination> dests = new ArrayList<>();
    if (r.route().size() == 1) {
      dests.add(r.route().get(0));
    } else {
      for (HttpRouteDestination d : r.route()) {
        // Istio skips 0-weighted destinations when a route has several.
        if (d.weightOrDefault() > 0) {
          dests.add(d);
        }
      }
    }
    if (dests.isEmpty()) {
      diagnostics.warn(pr, pr.path() + ".route", "no destination with a weight above 0; the route is dropped");
      return null;
    }
    PathRewrite rewrite;
    try {
      rewrite = rewrite(r.rewrite());
    } catch (PatternSyntaxException | IllegalArgumentException e) {
      diagnostics.warn(pr, pr.path() + ".rewrite.uriRegexRewrite", e.getMessage() + "; the route is dropped");
      return null;
    }
    boolean single = dests.size() == 1;
    HeaderOps routeRequest = HeaderOps.request(r.headers());
    String routeAuthority = r.rewrite() != null && r.rewrite().authority() != null && !r.rewrite().authority().isEmpty()
        ? r.rewrite().authority() : routeRequest.authority;
    List<ClusterKey> clusters = new ArrayList<>();
    List<WeightedCluster> weighted = new ArrayList<>();
    for (HttpRouteDestination d : dests) {
      ClusterKey key = cluster(d.destination(), port);
      clusters.add(key);
      weighted.add(new WeightedCluster(key, single ? 100 : d.weightOrDefault()));
    }
    weighted = List.copyOf(weighted); // one list for every target's template
    Duration timeout = r.timeout() == null || r.timeout().isZero() ? null : r.timeout();
    RetryPolicy retries = retries(r.retries(), pr);
    List<MirrorPolicy> mirrors = mirrors(r, port);
    Target[] targets = new Target[dests.size()];
    int cumulative = 0;
    for (int i = 0; i < targets.length; i++) {
      HttpRouteDestination d = dests.get(i);
      HeaderOps destRequest = HeaderOps.request(d.headers());
      HeaderOps destResponse = HeaderOps.response(d.headers());
      RouteDecision.Template template = RouteDecision.Template.builder(Outcome.FORWARD)
          .virtualService(vsKey, pr.index())
          .cluster(clusters.get(i))
          .destinations(weighted)
          .authorityRewrite(routeAuthority != null ? routeAuthority : destRequest.authority)
          .requestHeaders(single ? HeaderOps.single(routeRequest, destRequest) : HeaderOps.weighted(routeRequest, destRequest))
          .responseHeaders(single ? HeaderOps.single(routeResponse, destResponse)
              : HeaderOps.weighted(routeResponse, destResponse))
          .timeout(timeout)
          .retryPolicy(retries)
          .fault(fault)
          .mirrors(mirrors)
          .cors(cors)
          .build();
      cumulative += weighted.get(i).weight();
      targets[i] = new Target(clusters.get(i), weighted.get(i).weight(), cumulative, template);
    }
    return RouteAction.forward(targets, rewrite);
  }

  private RouteAction redirect(HttpRedirect rd, PreparedRoute pr, String vsKey, int port, HeaderOps response,
      FaultPolicy fault, Cors cors) {
    int code = rd.redirectCodeOrDefault();
    if (!REDIRECT_CODES.contains(code)) {
      diagnostics.warn(pr, pr.path() + ".redirect.redirectCode", "redirect code " + code
          + " is not supported by Istio (301, 302, 303, 307, 308); the route is dropped");
      return null;
    }
    int redirectPort = 0;
    if (rd.port() != null || rd.derivePort() != null) {
      if (rd.port() != null) {
        redirectPort = rd.port();
      } else if (rd.derivePort() == HttpRedirect.RedirectPortSelection.FROM_REQUEST_PORT) {
        // Istio builds routes per port, so "the request's port" is the port this table serves.
        redirectPort = port;
      }
      String scheme = rd.scheme() == null || rd.scheme().isEmpty() ? "http" : rd.scheme();
      if ((redirectPort == 80 && scheme.equals("http")) || (redirectPort == 443 && scheme.equals("https"))) {
        redirectPort = 0;
      }
    }
    String scheme = rd.scheme() == null || rd.scheme().isEmpty() ? null : rd.scheme().toLowerCase(Locale.ROOT);
    String host = rd.authority() == null || rd.authority().isEmpty() ? null : rd.authority();
    Redirect redirect = new Redirect(scheme, host, redirectPort, rd.uri(), rd.prefixRewrite(), code);
    return RouteAction.redirect(redirect, RouteDecision.Template.builder(Outcome.REDIRECT).status(code)
        .virtualService(vsKey, pr.index()).responseHeaders(HeaderOps.single(response, HeaderOps.NONE)).fault(fault)
        .cors(cors).build());
  }

  private PathRewrite rewrite(HttpRewrite rw) {
    if (rw == null) {
      return null;
    }
    if (rw.uriRegexRewrite() != null && rw.uriRegexRewrite().match() != null) {
      return PathRewrite.regex(regexes.compile(rw.uriRegexRewrite().match()),
          rw.uriRegexRewrite().rewrite() == null ? "" : rw.uriRegexRewrite().rewrite());
    }
    if (rw.uri() != null && !rw.uri().isEmpty()) {
      return PathRewrite.prefix(rw.uri());
    }
    return null;
  }

  /** Istio's {@code GetDestinationCluster}: the destination's port, else the service's only port, else the port called. */
  ClusterKey cluster(Destination d, int port) {
    int p = port;
    if (d.port() != null && d.port().number() != null && d.port().number() > 0) {
      p = d.port().number();
    } else {
      Service s = services.get(d.host());
      if (s != null && s.ports().size() == 1) {
        p = s.ports().get(0).number();
      }
    }
    return interner.intern(new ClusterKey(interner.intern(d.host()), d.subset() == null ? "" : d.subset(), p));
  }

  private RetryPolicy retries(HttpRetry r, PreparedRoute pr) {
    if (r == null) {
      return RetryPolicy.istioDefault();
    }
    if (r.attempts() == null || r.attempts() <= 0) {
      return RetryPolicy.none();
    }
    RetryPolicy base = RetryPolicy.istioDefault();
    Set<RetryOn> on = base.retryOn();
    Set<Integer> codes = base.retriableStatusCodes();
    if (r.retryOn() != null && !r.retryOn().isBlank()) {
      on = EnumSet.noneOf(RetryOn.class);
      codes = new HashSet<>();
      for (String part : r.retryOn().split(",")) {
        String token = part.trim();
        if (token.isEmpty()) {
          continue;
        }
        Integer code = statusCode(token);
        RetryOn condition = RetryOn.fromToken(token);
        if (code != null) {
          codes.add(code);
        } else if (condition != null) {
          on.add(condition);
        } else {
          diagnostics.warn(pr, pr.path() + ".retries.retryOn", "\"" + token
              + "\" is not an Envoy retry condition; it is ignored");
        }
      }
      if (!codes.isEmpty()) {
        on.add(RetryOn.RETRIABLE_STATUS_CODES);
      }
    }
    Duration backoff = r.backoff() == null ? RetryPolicy.DEFAULT_BACKOFF : r.backoff();
    return new RetryPolicy(r.attempts(), r.perTryTimeout(), on, codes, r.retryRemoteLocalitiesOrDefault(),
        r.retryIgnorePreviousHostsOrDefault(), backoff, backoff.multipliedBy(10));
  }

  private static Integer statusCode(String token) {
    if (token.length() != 3) {
      return null;
    }
    try {
      int code = Integer.parseInt(token);
      return code >= 100 && code <= 599 ? code : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private FaultPolicy fault(HttpFaultInjection f, PreparedRoute pr) {
    if (f == null) {
      return null;
    }
    Duration delay = null;
    double delayPercent = 0;
    if (f.delay() != null) {
      if (f.delay().fixedDelay() != null) {
        delay = f.delay().fixedDelay();
        delayPercent = f.delay().percentageOrDefault().valueOrZero();
      } else {
        diagnostics.warn(pr, pr.path() + ".fault.delay", "only fixedDelay is supported, as in Istio; the delay is ignored");
      }
    }
    Integer httpStatus = null;
    String grpcStatus = null;
    double abortPercent = 0;
    if (f.abort() != null) {
      if (f.abort().httpStatus() != null || f.abort().grpcStatus() != null) {
        httpStatus = f.abort().httpStatus();
        grpcStatus = f.abort().grpcStatus();
        abortPercent = f.abort().percentageOrDefault().valueOrZero();
      } else {
        diagnostics.warn(pr, pr.path() + ".fault.abort", "only httpStatus and grpcStatus aborts are supported, as in"
            + " Istio; the abort is ignored");
      }
    }
    if (delay == null && httpStatus == null && grpcStatus == null) {
      return null;
    }
    return new FaultPolicy(delay, delayPercent, httpStatus, grpcStatus, abortPercent);
  }

  private List<MirrorPolicy> mirrors(HttpRoute r, int port) {
    List<MirrorPolicy> out = new ArrayList<>();
    if (r.mirror() != null && r.mirror().host() != null) {
      double percent = r.mirrorPercentageOrDefault().valueOrZero();
      if (percent > 0) {
        out.add(new MirrorPolicy(cluster(r.mirror(), port), percent));
      }
    }
    for (HttpMirrorPolicy m : r.mirrors()) {
      double percent = m.percentageOrDefault().valueOrZero();
      if (percent > 0 && m.destination() != null && m.destination().host() != null) {
        out.add(new MirrorPolicy(cluster(m.destination(), port), percent));
      }
    }
    return List.copyOf(out);
  }

  private Cors cors(HttpRoute r, PreparedRoute pr) {
    if (r.corsPolicy() == null) {
      return null;
    }
    try {
      return Cors.of(r.corsPolicy());
    } catch (PatternSyntaxException e) {
      diagnostics.warn(pr, pr.path() + ".corsPolicy.allowOrigins", "invalid RE2 expression: " + e.getMessage()
          + "; the CORS policy is ignored");
      return null;
    }
  }
}
