package io.meshlet.config.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-Origin Resource Sharing policy of an HTTP route. When a request's {@code Origin} matches one
 * of {@code allowOrigins} it is echoed back in {@code Access-Control-Allow-Origin}.
 *
 * @param allowOrigin deprecated exact origins; copied into {@code allowOrigins} as exact matches when
 *     that is empty
 * @param allowOrigins origins allowed to make requests
 * @param allowMethods value of {@code Access-Control-Allow-Methods}
 * @param allowHeaders value of {@code Access-Control-Allow-Headers}
 * @param exposeHeaders value of {@code Access-Control-Expose-Headers}
 * @param maxAge value of {@code Access-Control-Max-Age}
 * @param allowCredentials value of {@code Access-Control-Allow-Credentials}
 * @param unmatchedPreflights what to do with preflight requests whose origin does not match
 */
// javac 17 reports @Deprecated on a record component as having no effect on the constructor
// parameter it propagates to; the annotation is meant for the component and its accessor.
@SuppressWarnings("deprecation")
public record CorsPolicy(
    @Deprecated List<String> allowOrigin,
    List<StringMatch> allowOrigins,
    List<String> allowMethods,
    List<String> allowHeaders,
    List<String> exposeHeaders,
    Duration maxAge,
    Boolean allowCredentials,
    UnmatchedPreflights unmatchedPreflights) {

  public CorsPolicy {
    allowOrigin = Copies.list(allowOrigin);
    allowOrigins = Copies.list(allowOrigins);
    allowMethods = Copies.list(allowMethods);
    allowHeaders = Copies.list(allowHeaders);
    exposeHeaders = Copies.list(exposeHeaders);
    // Istio turns each deprecated origin into an exact match when allowOrigins is empty; the old
    // list is kept so that a serialised record reads back equal.
    if (allowOrigins.isEmpty() && !allowOrigin.isEmpty()) {
      List<StringMatch> exact = new ArrayList<>(allowOrigin.size());
      for (String origin : allowOrigin) {
        exact.add(StringMatch.exact(origin));
      }
      allowOrigins = List.copyOf(exact);
    }
  }

  /** What happens to preflight requests whose origin is not allowed. */
  public enum UnmatchedPreflights {
    /** Not set: Istio's default, {@link #FORWARD}. */
    UNSPECIFIED,
    /** Forward the preflight request to the upstream. */
    FORWARD,
    /** Do not forward the preflight request to the upstream. */
    IGNORE
  }

  /** The handling of unmatched preflights; default {@code FORWARD} (also for {@code UNSPECIFIED}). */
  public UnmatchedPreflights unmatchedPreflightsOrDefault() {
    return unmatchedPreflights == null || unmatchedPreflights == UnmatchedPreflights.UNSPECIFIED
        ? UnmatchedPreflights.FORWARD
        : unmatchedPreflights;
  }
}
