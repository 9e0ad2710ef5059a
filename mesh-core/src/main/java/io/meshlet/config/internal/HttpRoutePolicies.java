package io.meshlet.config.internal;

import io.meshlet.config.model.CorsPolicy;
import io.meshlet.config.model.HttpBody;
import io.meshlet.config.model.HttpDirectResponse;
import io.meshlet.config.model.HttpFaultInjection;
import io.meshlet.config.model.HttpMatchRequest;
import io.meshlet.config.model.HttpRedirect;
import io.meshlet.config.model.HttpRetry;
import io.meshlet.config.model.HttpRewrite;
import io.meshlet.config.model.Percent;
import io.meshlet.config.model.StringMatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Istio's rules for the policies of an HTTP route: redirect, rewrite, direct response, retries,
 * fault injection and CORS.
 */
final class HttpRoutePolicies {
  private static final Set<Integer> REDIRECT_CODES = Set.of(301, 302, 303, 307, 308);
  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final Set<String> RETRY_ON = Set.of(
      "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx",
      "refused-stream", "retriable-status-codes", "retriable-headers", "envoy-ratelimited",
      "http3-post-connect-failure",
      // read from grpc-status
      "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable");
  /** The status codes Go's net/http names; Istio accepts exactly these as numeric retryOn tokens. */
  private static final Set<Integer> KNOWN_STATUS = Set.of(
      100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
      300, 301, 302, 303, 304, 305, 307, 308,
      400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
      421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
      500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511);
  private static final Set<String> GRPC_STATUS = Set.of(
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
      "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED");
  private static final Set<String> CORS_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE", "*");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~A-Za-z0-9]+");

  private HttpRoutePolicies() {}

  static void redirect(HttpRedirect r, List<HttpMatchRequest> matches, String path, Problems p) {
    if (r == null) {
      return;
    }
    if (empty(r.uri()) && empty(r.prefixRewrite()) && empty(r.authority()) && empty(r.scheme())
        && r.port() == null && r.derivePort() == null) {
      p.error(path, "must set at least one of uri, prefixRewrite, authority, scheme, port or derivePort");
    }
    if (r.redirectCode() != null && r.redirectCode() != 0 && !REDIRECT_CODES.contains(r.redirectCode())) {
      // Istio's validation lets any 3xx through, but its route translation drops the whole route
      // for codes Envoy cannot send; rejecting here keeps traffic from silently falling through.
      p.error(Paths.field(path, "redirectCode"), "must be one of 301, 302, 303, 307, 308, got " + r.redirectCode());
    }
    if (!empty(r.scheme()) && !r.scheme().equals("http") && !r.scheme().equals("https")) {
      p.error(Paths.field(path, "scheme"), "must be \"http\" or \"https\", got \"" + r.scheme() + "\"");
    }
    if (r.port() != null && r.port() != 0) {
      VirtualServiceRules.port(r.port(), Paths.field(path, "port"), p);
    }
    if (r.port() != null && r.derivePort() != null) {
      p.error(Paths.field(path, "derivePort"), "cannot be combined with port");
    }
    if (!empty(r.prefixRewrite())) {
      String prefixPath = Paths.field(path, "prefixRewrite");
      if (!empty(r.uri())) {
        p.error(prefixPath, "cannot be combined with uri: uri replaces the whole path, prefixRewrite the matched prefix");
      }
      for (int i = 0; i < matches.size(); i++) {
        StringMatch uri = matches.get(i).uri();
        if (uri != null && (uri.exact() != null || uri.regex() != null)) {
          p.error(prefixPath, "needs prefix uri matches, but match[" + i + "].uri is "
              + (uri.exact() != null ? "an exact" : "a regex") + " match");
          break;
        }
      }
    }
  }

  static void rewrite(HttpRewrite w, String path, Problems p) {
    if (w == null) {
      return;
    }
    if (!empty(w.uri()) && w.uriRegexRewrite() != null) {
      p.error(Paths.field(path, "uriRegexRewrite"), "cannot be combined with uri");
    }
    if (empty(w.uri()) && empty(w.authority()) && w.uriRegexRewrite() == null) {
      p.error(path, "must set at least one of uri, uriRegexRewrite or authority");
    }
    if (w.uriRegexRewrite() != null) {
      String regexPath = Paths.field(path, "uriRegexRewrite");
      if (empty(w.uriRegexRewrite().match())) {
        p.error(Paths.field(regexPath, "match"), "required");
      } else {
        VirtualServiceRules.regex(w.uriRegexRewrite().match(), Paths.field(regexPath, "match"), p);
      }
      if (empty(w.uriRegexRewrite().rewrite())) {
        p.error(Paths.field(regexPath, "rewrite"), "required");
      }
    }
  }

  static void directResponse(HttpDirectResponse d, String path, Problems p) {
    if (d == null) {
      return;
    }
    if (d.status() == null) {
      p.error(Paths.field(path, "status"), "required: an HTTP status between 200 and 599");
    } else if (d.status() < 200 || d.status() > 599) {
      p.error(Paths.field(path, "status"), "must be between 200 and 599, got " + d.status());
    }
    HttpBody body = d.body();
    if (body == null) {
      return;
    }
    String bodyPath = Paths.field(path, "body");
    if (body.string() != null && body.bytes() != null) {
      p.error(bodyPath, "only one of string or bytes may be set");
      return;
    }
    int size;
    if (body.bytes() != null) {
      try {
        size = body.decoded().length;
      } catch (IllegalArgumentException e) {
        p.error(Paths.field(bodyPath, "bytes"), "must be base64: " + e.getMessage());
        return;
      }
    } else {
      size = body.string() == null ? 0 : body.string().getBytes(StandardCharsets.UTF_8).length;
    }
    if (size > MAX_BODY_BYTES) {
      p.error(Paths.field(bodyPath, body.bytes() != null ? "bytes" : "string"),
          "body is " + size + " bytes; at most 1 MB (" + MAX_BODY_BYTES + " bytes) is allowed");
    }
  }

  static void retries(HttpRetry r, String path, Problems p) {
    if (r == null) {
      return;
    }
    int attempts = r.attempts() == null ? 0 : r.attempts();
    if (attempts < 0) {
      p.error(Paths.field(path, "attempts"), "must be >= 0, got " + attempts);
    }
    if (attempts == 0) {
      disabledRetryField(r.perTryTimeout() != null, "perTryTimeout", path, p);
      disabledRetryField(!empty(r.retryOn()), "retryOn", path, p);
      disabledRetryField(r.retryRemoteLocalities() != null, "retryRemoteLocalities", path, p);
    }
    VirtualServiceRules.duration(r.perTryTimeout(), Paths.field(path, "perTryTimeout"), p);
    if (!empty(r.retryOn())) {
      for (String token : r.retryOn().split(",", -1)) {
        if (!RETRY_ON.contains(token) && !isKnownStatus(token)) {
          p.error(Paths.field(path, "retryOn"), "unknown retry condition \"" + token + "\"; use 5xx, gateway-error, "
              + "reset, reset-before-request, connect-failure, retriable-4xx, refused-stream, retriable-status-codes, "
              + "retriable-headers, envoy-ratelimited, http3-post-connect-failure, cancelled, deadline-exceeded, "
              + "internal, resource-exhausted, unavailable or an HTTP status code, separated by commas");
        }
      }
    }
    VirtualServiceRules.duration(r.backoff(), Paths.field(path, "backoff"), p);
  }

  private static void disabledRetryField(boolean set, String field, String path, Problems p) {
    if (set) {
      p.error(Paths.field(path, field), "must not be set when attempts is 0 or absent (retries disabled); "
          + "set attempts to the number of retries");
    }
  }

  private static boolean isKnownStatus(String token) {
    if (token.isEmpty() || token.length() > 3 || !token.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    return KNOWN_STATUS.contains(Integer.parseInt(token));
  }

  @SuppressWarnings("deprecation")
  static void fault(HttpFaultInjection f, String path, Problems p) {
    if (f == null) {
      return;
    }
    if (f.delay() == null && f.abort() == null) {
      p.error(path, "must set delay, abort or both");
    }
    HttpFaultInjection.Delay delay = f.delay();
    if (delay != null) {
      String delayPath = Paths.field(path, "delay");
      Integer legacy = delay.percent();
      // The model copies the deprecated integer percent into percentage when percentage is absent.
      if (legacy != null && (legacy < 0 || legacy > 100)) {
        p.error(Paths.field(delayPath, "percent"), "must be between 0 and 100, got " + legacy);
      } else if (legacy == null || !Percent.of(legacy).equals(delay.percentage())) {
        VirtualServiceRules.faultPercentage(delay.percentage(), Paths.field(delayPath, "percentage"), p);
      }
      if (delay.fixedDelay() != null && delay.exponentialDelay() != null) {
        p.error(Paths.field(delayPath, "exponentialDelay"), "cannot be combined with fixedDelay");
      } else if (delay.exponentialDelay() != null) {
        p.error(Paths.field(delayPath, "exponentialDelay"), "is not supported (Istio rejects it); use fixedDelay");
      } else if (delay.fixedDelay() == null) {
        p.warning(delayPath, "has no fixedDelay, so there is no delay to inject: Istio accepts it, but it never "
            + "delays a request");
      }
      VirtualServiceRules.duration(delay.fixedDelay(), Paths.field(delayPath, "fixedDelay"), p);
    }
    HttpFaultInjection.Abort abort = f.abort();
    if (abort != null) {
      String abortPath = Paths.field(path, "abort");
      VirtualServiceRules.faultPercentage(abort.percentage(), Paths.field(abortPath, "percentage"), p);
      int kinds = (abort.httpStatus() != null ? 1 : 0) + (abort.grpcStatus() != null ? 1 : 0)
          + (abort.http2Error() != null ? 1 : 0);
      if (kinds > 1) {
        p.error(abortPath, "only one of httpStatus, grpcStatus or http2Error may be set");
      } else if (abort.http2Error() != null) {
        p.error(Paths.field(abortPath, "http2Error"), "is not supported (Istio rejects it); use httpStatus or grpcStatus");
      } else if (abort.grpcStatus() != null && !GRPC_STATUS.contains(abort.grpcStatus())) {
        p.error(Paths.field(abortPath, "grpcStatus"), "unknown gRPC status \"" + abort.grpcStatus()
            + "\"; use a name such as UNAVAILABLE, NOT_FOUND or INTERNAL");
      } else if (abort.httpStatus() != null && (abort.httpStatus() < 200 || abort.httpStatus() > 599)) {
        p.error(Paths.field(abortPath, "httpStatus"), "must be between 200 and 599, got " + abort.httpStatus());
      } else if (kinds == 0) {
        p.warning(abortPath, "sets neither httpStatus nor grpcStatus, so there is no error to return: Istio "
            + "accepts it with a warning, but it never aborts a request");
      }
    }
  }

  @SuppressWarnings("deprecation")
  static void cors(CorsPolicy c, String path, Problems p) {
    if (c == null) {
      return;
    }
    // With only the deprecated allowOrigin list, the model derives allowOrigins as exact matches,
    // which Istio leaves unchecked.
    boolean derived = !c.allowOrigin().isEmpty()
        && c.allowOrigins().equals(c.allowOrigin().stream().map(StringMatch::exact).toList());
    if (!derived) {
      String originsPath = Paths.field(path, "allowOrigins");
      for (int i = 0; i < c.allowOrigins().size(); i++) {
        StringMatch origin = c.allowOrigins().get(i);
        String itemPath = Paths.index(originsPath, i);
        String value = origin.exact() != null ? origin.exact() : origin.prefix() != null ? origin.prefix() : origin.regex();
        int set = (origin.exact() != null ? 1 : 0) + (origin.prefix() != null ? 1 : 0) + (origin.regex() != null ? 1 : 0);
        if (set > 1) {
          p.error(itemPath, "only one of exact, prefix or regex may be set");
        } else if (value == null || value.isEmpty()) {
          p.error(itemPath, "must set a non-empty exact, prefix or regex origin");
        } else if (origin.regex() != null) {
          VirtualServiceRules.regex(origin.regex(), Paths.field(itemPath, "regex"), p);
        }
      }
    }
    String methodsPath = Paths.field(path, "allowMethods");
    for (int i = 0; i < c.allowMethods().size(); i++) {
      String method = c.allowMethods().get(i);
      if (!CORS_METHODS.contains(method)) {
        p.error(Paths.index(methodsPath, i), "unsupported HTTP method \"" + method
            + "\"; use GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE or *");
      }
    }
    corsHeaders(c.allowHeaders(), Paths.field(path, "allowHeaders"), p);
    corsHeaders(c.exposeHeaders(), Paths.field(path, "exposeHeaders"), p);
    if (c.maxAge() != null) {
      String maxAgePath = Paths.field(path, "maxAge");
      VirtualServiceRules.duration(c.maxAge(), maxAgePath, p);
      // Access-Control-Max-Age is a number of seconds.
      long nanos = c.maxAge().toNanos();
      if (nanos >= 1_000_000 && nanos % 1_000_000 == 0 && c.maxAge().getNano() != 0) {
        p.error(maxAgePath, "must be a whole number of seconds, got " + Durations.format(c.maxAge()));
      }
    }
  }

  private static void corsHeaders(List<String> names, String path, Problems p) {
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.isEmpty()) {
        p.error(Paths.index(path, i), "header name must not be empty");
      } else if (!name.equals("*") && !TOKEN.matcher(name).matches()) {
        p.error(Paths.index(path, i), "invalid header name \"" + name + "\"");
      }
    }
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }
}
