package io.meshlet.route;

import io.meshlet.config.model.CorsPolicy;
import io.meshlet.config.model.StringMatch;
import io.meshlet.route.internal.Regexes;
import io.meshlet.route.internal.StringMatcher;
import java.time.Duration;
import java.util.List;

/**
 * A route's compiled CORS policy (Istio {@code corsPolicy}), for the server adapter: when a
 * request's {@code Origin} matches {@link #allowsOrigin}, the origin is echoed in
 * {@code Access-Control-Allow-Origin} and the other values become the matching
 * {@code Access-Control-*} headers.
 */
public final class Cors {
  private final List<StringMatch> allowOrigins;
  private final StringMatcher[] matchers;
  private final String allowMethods;
  private final String allowHeaders;
  private final String exposeHeaders;
  private final Duration maxAge;
  private final Boolean allowCredentials;
  private final boolean forwardNotMatchingPreflights;

  private Cors(CorsPolicy p, Regexes regexes) {
    this.allowOrigins = p.allowOrigins();
    this.matchers = new StringMatcher[allowOrigins.size()];
    for (int i = 0; i < matchers.length; i++) {
      matchers[i] = StringMatcher.of(allowOrigins.get(i), false, regexes);
    }
    this.allowMethods = String.join(",", p.allowMethods());
    this.allowHeaders = String.join(",", p.allowHeaders());
    this.exposeHeaders = String.join(",", p.exposeHeaders());
    this.maxAge = p.maxAge();
    this.allowCredentials = p.allowCredentials();
    this.forwardNotMatchingPreflights = p.unmatchedPreflightsOrDefault() == CorsPolicy.UnmatchedPreflights.FORWARD;
  }

  /**
   * Compiles an Istio CORS policy.
   *
   * @throws com.google.re2j.PatternSyntaxException if an origin regex is not valid RE2
   */
  public static Cors of(CorsPolicy policy) {
    return new Cors(policy, new Regexes());
  }

  /** True when {@code origin} matches one of {@code allowOrigins} (exact and prefix are case-sensitive). */
  public boolean allowsOrigin(String origin) {
    if (origin == null) {
      return false;
    }
    for (StringMatcher m : matchers) {
      if (m.matches(origin)) {
        return true;
      }
    }
    return false;
  }

  /** The configured origin matches. */
  public List<StringMatch> allowOrigins() {
    return allowOrigins;
  }

  /** {@code Access-Control-Allow-Methods}, comma-joined; empty when unset. */
  public String allowMethods() {
    return allowMethods;
  }

  /** {@code Access-Control-Allow-Headers}, comma-joined; empty when unset. */
  public String allowHeaders() {
    return allowHeaders;
  }

  /** {@code Access-Control-Expose-Headers}, comma-joined; empty when unset. */
  public String exposeHeaders() {
    return exposeHeaders;
  }

  /** {@code Access-Control-Max-Age} (Envoy sends whole seconds), or null when unset. */
  public Duration maxAge() {
    return maxAge;
  }

  /** {@code Access-Control-Allow-Credentials}, or null when unset. */
  public Boolean allowCredentials() {
    return allowCredentials;
  }

  /** Whether a preflight whose origin does not match is still forwarded upstream (Istio's default). */
  public boolean forwardNotMatchingPreflights() {
    return forwardNotMatchingPreflights;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("origins ");
    for (int i = 0; i < matchers.length; i++) {
      out.append(i == 0 ? "" : ", ").append(matchers[i].describe());
    }
    if (!allowMethods.isEmpty()) {
      out.append("; methods ").append(allowMethods);
    }
    if (!allowHeaders.isEmpty()) {
      out.append("; headers ").append(allowHeaders);
    }
    if (!exposeHeaders.isEmpty()) {
      out.append("; expose ").append(exposeHeaders);
    }
    if (maxAge != null) {
      out.append("; max-age ").append(maxAge.getSeconds()).append('s');
    }
    if (allowCredentials != null) {
      out.append("; credentials ").append(allowCredentials);
    }
    if (!forwardNotMatchingPreflights) {
      out.append("; unmatched preflights ignored");
    }
    return out.toString();
  }
}
