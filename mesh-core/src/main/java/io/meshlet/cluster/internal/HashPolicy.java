package io.meshlet.cluster.internal;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.cluster.Cluster;
import io.meshlet.config.model.LoadBalancerSettings.ConsistentHashLB;
import io.meshlet.config.model.LoadBalancerSettings.ConsistentHashLB.HttpCookie;
import java.time.Duration;

/**
 * The hash key of {@code consistentHash}: a header, a cookie, a query parameter or the source IP.
 * A request without the key hashes randomly, as Envoy does; a missing {@code httpCookie} with a
 * {@code ttl} is generated and returned to the client with {@code Set-Cookie}.
 */
final class HashPolicy {
  private enum Kind { HEADER, COOKIE, QUERY, SOURCE_IP }

  private final Kind kind;
  private final String name;
  private final String setCookiePrefix;
  private final String setCookieSuffix;
  private final boolean generateCookie;

  private HashPolicy(Kind kind, String name, HttpCookie cookie) {
    this.kind = kind;
    this.name = name;
    this.generateCookie = cookie != null && cookie.ttl() != null;
    if (generateCookie) {
      this.setCookiePrefix = cookie.name() + "=\"";
      this.setCookieSuffix = "\"" + cookieAttributes(cookie);
    } else {
      this.setCookiePrefix = null;
      this.setCookieSuffix = null;
    }
  }

  /** The compiled key, or null when the settings name none (the request then always hashes randomly). */
  static HashPolicy of(ConsistentHashLB hash) {
    if (hash.httpHeaderName() != null && !hash.httpHeaderName().isEmpty()) {
      return new HashPolicy(Kind.HEADER, hash.httpHeaderName(), null);
    }
    if (hash.httpCookie() != null && hash.httpCookie().name() != null) {
      return new HashPolicy(Kind.COOKIE, hash.httpCookie().name(), hash.httpCookie());
    }
    if (hash.httpQueryParameterName() != null && !hash.httpQueryParameterName().isEmpty()) {
      return new HashPolicy(Kind.QUERY, hash.httpQueryParameterName(), null);
    }
    if (Boolean.TRUE.equals(hash.useSourceIp())) {
      return new HashPolicy(Kind.SOURCE_IP, Cluster.SOURCE_IP_HEADER, null);
    }
    return null;
  }

  /** The request's key, or null when it has none. */
  String key(MeshRequest request) {
    switch (kind) {
      case HEADER:
        return request.header(name);
      case QUERY:
        return request.queryParameter(name);
      case COOKIE:
        return cookie(request, name);
      default:
        String ip = request.header(name);
        if (ip == null) {
          return null;
        }
        int comma = ip.indexOf(',');
        return (comma >= 0 ? ip.substring(0, comma) : ip).trim();
    }
  }

  /** True when a missing key is generated as a cookie rather than hashed randomly. */
  boolean generatesCookie() {
    return generateCookie;
  }

  /** A new cookie value for a client that had none. */
  static String newCookieValue(RandomSource random) {
    return String.format("%016x", random.nextLong());
  }

  /** The {@code Set-Cookie} header value carrying {@code value}. */
  String setCookie(String value) {
    return setCookiePrefix + value + setCookieSuffix;
  }

  private static String cookieAttributes(HttpCookie cookie) {
    StringBuilder out = new StringBuilder();
    Duration ttl = cookie.ttl();
    // ttl 0s makes a session cookie: no Max-Age.
    if (!ttl.isZero()) {
      out.append("; Max-Age=").append(ttl.getSeconds());
    }
    if (cookie.path() != null && !cookie.path().isEmpty()) {
      out.append("; Path=").append(cookie.path());
    }
    for (HttpCookie.Attribute a : cookie.attributes()) {
      out.append("; ").append(a.name());
      if (a.value() != null && !a.value().isEmpty()) {
        out.append('=').append(a.value());
      }
    }
    return out.append("; HttpOnly").toString();
  }

  /** The first value of cookie {@code name} in the request's Cookie headers, unquoted; null when absent. */
  static String cookie(MeshRequest request, String name) {
    for (int i = 0; i < request.headerCount(); i++) {
      if (!request.headerName(i).equals("cookie")) {
        continue;
      }
      String header = request.headerValue(i);
      int start = 0;
      while (start < header.length()) {
        int end = header.indexOf(';', start);
        if (end < 0) {
          end = header.length();
        }
        int eq = header.indexOf('=', start);
        if (eq > 0 && eq < end && header.substring(start, eq).trim().equals(name)) {
          String value = header.substring(eq + 1, end).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          return value;
        }
        start = end + 1;
      }
    }
    return null;
  }
}
