package io.meshlet.route.internal;

import io.meshlet.MeshRequest;
import java.util.Objects;

/**
 * One condition of a compiled match block, tested against a request whose path is already
 * normalised. Conditions of a block are ANDed. Each can describe itself for {@code mesh explain}.
 * Conditions are values (equal when they test the same thing), so that a compile can share them.
 */
abstract class Condition {
  /** A block without conditions, which matches every request. */
  static final Condition[] NONE = new Condition[0];

  abstract boolean test(MeshRequest request, String path);

  /** The field as the user wrote it, for example {@code uri} or {@code headers[end-user]}. */
  abstract String field();

  /** What the field must be, for example {@code exact "jason"}. */
  abstract String expected();

  /** What the request has, for example {@code "bob"} or {@code absent}. */
  abstract String actual(MeshRequest request, String path);

  static String quote(String value) {
    return value == null ? "absent" : "\"" + value + "\"";
  }

  /** The request path against {@code uri}. */
  static final class Path extends Condition {
    final StringMatcher matcher;

    Path(StringMatcher matcher) {
      this.matcher = matcher;
    }

    @Override
    boolean test(MeshRequest request, String path) {
      return matcher.matches(path);
    }

    @Override
    String field() {
      return "uri";
    }

    @Override
    String expected() {
      return matcher.describe();
    }

    @Override
    String actual(MeshRequest request, String path) {
      return quote(path);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Path p && p.matcher.equals(matcher);
    }

    @Override
    public int hashCode() {
      return matcher.hashCode();
    }
  }

  /** Where a header condition reads its value: a header, or one of the pseudo-headers. */
  enum Source {
    HEADER, METHOD, SCHEME, AUTHORITY, PATH
  }

  /**
   * A header or pseudo-header ({@code method}, {@code scheme}, {@code authority}) against a match,
   * as Envoy's {@code HeaderMatcher}: several values of one header are joined with commas; an
   * inverted match ({@code withoutHeaders}) treats a missing header as empty unless it only tests
   * presence, so it matches when the header is absent or differs.
   */
  static final class Header extends Condition {
    final String field;
    final String name;
    final Source source;
    final StringMatcher matcher;
    final boolean invert;

    Header(String field, String name, Source source, StringMatcher matcher, boolean invert) {
      this.field = field;
      this.name = name;
      this.source = source;
      this.matcher = matcher;
      this.invert = invert;
    }

    @Override
    boolean test(MeshRequest request, String path) {
      String value = value(request, path);
      if (value == null) {
        if (!invert || matcher.isPresence()) {
          // Envoy: a missing header fails a match, and passes only an inverted presence test.
          return invert;
        }
        value = "";
      }
      return matcher.matches(value) != invert;
    }

    private String value(MeshRequest request, String path) {
      switch (source) {
        case METHOD:
          return request.method();
        case SCHEME:
          return request.scheme();
        case AUTHORITY:
          return request.authority();
        case PATH:
          return request.query() == null ? path : path + "?" + request.query();
        default:
          return headerValue(request, name);
      }
    }

    /** Every value of {@code name} joined with commas, as Envoy matches a repeated header; null when absent. */
    static String headerValue(MeshRequest request, String name) {
      String first = null;
      StringBuilder joined = null;
      int n = request.headerCount();
      for (int i = 0; i < n; i++) {
        if (request.headerName(i).equals(name)) {
          if (first == null) {
            first = request.headerValue(i);
          } else {
            if (joined == null) {
              joined = new StringBuilder(first);
            }
            joined.append(',').append(request.headerValue(i));
          }
        }
      }
      return joined == null ? first : joined.toString();
    }

    @Override
    String field() {
      return field;
    }

    @Override
    String expected() {
      if (!invert) {
        return matcher.describe();
      }
      return matcher.isPresence() ? "absent" : "absent or not " + matcher.describe();
    }

    @Override
    String actual(MeshRequest request, String path) {
      return quote(value(request, path));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Header h && h.field.equals(field) && h.name.equals(name) && h.source == source
          && h.matcher.equals(matcher) && h.invert == invert;
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, name, source, matcher, invert);
    }
  }

  /** A query parameter against {@code queryParams}; the first value counts, not decoded, as in Envoy. */
  static final class Query extends Condition {
    final String name;
    final StringMatcher matcher;

    Query(String name, StringMatcher matcher) {
      this.name = name;
      this.matcher = matcher;
    }

    @Override
    boolean test(MeshRequest request, String path) {
      String value = request.queryParameter(name);
      return value != null && matcher.matches(value);
    }

    @Override
    String field() {
      return "queryParams[" + name + "]";
    }

    @Override
    String expected() {
      return matcher.describe();
    }

    @Override
    String actual(MeshRequest request, String path) {
      return quote(request.queryParameter(name));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Query q && q.name.equals(name) && q.matcher.equals(matcher);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, matcher);
    }
  }

  /**
   * A JWT claim ({@code @request.auth.claims.*} header key). Istio matches it against metadata that
   * only a RequestAuthentication filter writes; in-process there is none, so the claim is always
   * absent: the match fails, and its {@code withoutHeaders} form passes.
   */
  static final class Claim extends Condition {
    final String key;
    final StringMatcher matcher;
    final boolean invert;

    Claim(String key, StringMatcher matcher, boolean invert) {
      this.key = key;
      this.matcher = matcher;
      this.invert = invert;
    }

    @Override
    boolean test(MeshRequest request, String path) {
      return invert;
    }

    @Override
    String field() {
      return (invert ? "withoutHeaders[" : "headers[") + key + "]";
    }

    @Override
    String expected() {
      return (invert ? "not " : "") + matcher.describe();
    }

    @Override
    String actual(MeshRequest request, String path) {
      return "absent (JWT claims need a RequestAuthentication, which Meshlet does not run)";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Claim c && c.key.equals(key) && c.matcher.equals(matcher) && c.invert == invert;
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, matcher, invert);
    }
  }
}
