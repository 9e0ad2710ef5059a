package io.meshlet;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An outbound HTTP request as the mesh sees it: method, scheme, host, port, path, query and
 * headers. Adapters build one from their HTTP library's request; tests and {@code mesh explain}
 * build one from a URL.
 *
 * <p>Host and header names are lower-cased once here, so matching never allocates. Header values
 * keep their case and order; a name may repeat.
 */
public final class MeshRequest {
  private final String method;
  private final String scheme;
  private final String host;
  private final int port;
  private final String path;
  private final String query;
  /** Header names (lower case) at even indexes, each followed by its value; {@code 2 * headerCount} used. */
  private final String[] fields;
  private final int headerCount;

  private MeshRequest(Builder b) {
    this.method = b.method;
    this.scheme = b.scheme;
    this.host = b.host;
    this.port = b.port > 0 ? b.port : defaultPort(b.scheme);
    this.path = b.path;
    this.query = b.query;
    this.fields = b.fields;
    this.headerCount = b.count;
    b.shared = true; // the builder copies before changing them again
  }

  /** A request for {@code method url}, for example {@code of("GET", "http://reviews:9080/reviews/1")}. */
  public static MeshRequest of(String method, String url) {
    return builder().method(method).url(url).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values. */
  public Builder newBuilder() {
    Builder b = new Builder().method(method).scheme(scheme).host(host).port(port).path(path).query(query);
    b.fields = fields;
    b.count = headerCount;
    b.shared = true;
    return b;
  }

  /** Upper-case method, for example {@code GET}. */
  public String method() {
    return method;
  }

  /** {@code http} or {@code https}. */
  public String scheme() {
    return scheme;
  }

  /** Lower-case host name or IP, without port. */
  public String host() {
    return host;
  }

  /** The port the request is addressed to; the scheme's default when the URL names none. */
  public int port() {
    return port;
  }

  /** The path, without the query string; never empty ({@code /} at least). */
  public String path() {
    return path;
  }

  /** The raw query string without {@code ?}, or null. */
  public String query() {
    return query;
  }

  /** The {@code :authority}: the Host header if set, else host with the port unless it is the scheme's default. */
  public String authority() {
    String h = header("host");
    if (h != null) {
      return h;
    }
    return port == defaultPort(scheme) ? host : host + ":" + port;
  }

  /** The first value of a header (name case-insensitive), or null. */
  public String header(String name) {
    if (headerCount == 0) {
      return null; // common: OkHttp adds its default headers after application interceptors
    }
    String lower = fold(name, false);
    for (int i = 0, n = 2 * headerCount; i < n; i += 2) {
      if (fields[i].equals(lower)) {
        return fields[i + 1];
      }
    }
    return null;
  }

  /** Every value of a header, in order. */
  public List<String> headers(String name) {
    String lower = fold(name, false);
    List<String> out = new ArrayList<>(1);
    for (int i = 0, n = 2 * headerCount; i < n; i += 2) {
      if (fields[i].equals(lower)) {
        out.add(fields[i + 1]);
      }
    }
    return out;
  }

  /** Number of header fields (repeated names counted each time). */
  public int headerCount() {
    return headerCount;
  }

  /** The lower-case name of header field {@code i}. */
  public String headerName(int i) {
    Objects.checkIndex(i, headerCount);
    return fields[2 * i];
  }

  /** The value of header field {@code i}. */
  public String headerValue(int i) {
    Objects.checkIndex(i, headerCount);
    return fields[2 * i + 1];
  }

  /**
   * The first value of query parameter {@code name}, percent-decoding neither; {@code ""} for a
   * parameter without a value ({@code ?debug}), null when absent.
   */
  public String queryParameter(String name) {
    if (query == null) {
      return null;
    }
    int start = 0;
    int length = query.length();
    while (start <= length) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      int eq = query.indexOf('=', start);
      int nameEnd = eq >= 0 && eq < end ? eq : end;
      if (nameEnd - start == name.length() && query.regionMatches(start, name, 0, name.length())) {
        return nameEnd == end ? "" : query.substring(nameEnd + 1, end);
      }
      start = end + 1;
    }
    return null;
  }

  /** The request as a URL: {@code scheme://host[:port]path[?query]}. */
  public String url() {
    StringBuilder out = new StringBuilder(scheme).append("://").append(host.contains(":") ? "[" + host + "]" : host);
    if (port != defaultPort(scheme)) {
      out.append(':').append(port);
    }
    out.append(path);
    if (query != null) {
      out.append('?').append(query);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return method + " " + url();
  }

  /** 443 for {@code https}, 80 otherwise. */
  public static int defaultPort(String scheme) {
    return "https".equals(scheme) ? 443 : 80;
  }

  private static final String[] NO_FIELDS = new String[0];

  /**
   * {@code s} in lower case, or upper with {@code upper}, as {@link Locale#ROOT} maps it: {@code s}
   * itself when no character changes, which a scan of ASCII text tells faster than the JDK's
   * per-character mapping (non-ASCII text goes to that mapping).
   */
  private static String fold(String s, boolean upper) {
    char first = upper ? 'a' : 'A';
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= first && c < first + 26 || c >= 0x80) {
        return upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT);
      }
    }
    return s;
  }

  /** Builds a {@link MeshRequest}. */
  public static final class Builder {
    private String method = "GET";
    private String scheme = "http";
    private String host;
    private int port = -1;
    private String path = "/";
    private String query;
    private String[] fields = NO_FIELDS;
    private int count;
    /** Whether {@link #fields} belongs to a built request too, and must be copied before a change. */
    private boolean shared;

    private Builder() {}

    public Builder method(String method) {
      this.method = fold(Objects.requireNonNull(method, "method"), true);
      return this;
    }

    /** Scheme, host, port, path and query from an absolute URL. */
    public Builder url(String url) {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("not an absolute http(s) URL: " + url);
      }
      scheme(uri.getScheme());
      host(uri.getHost());
      port(uri.getPort());
      path(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
      query(uri.getRawQuery());
      return this;
    }

    public Builder scheme(String scheme) {
      this.scheme = fold(Objects.requireNonNull(scheme, "scheme"), false);
      return this;
    }

    public Builder host(String host) {
      String h = fold(Objects.requireNonNull(host, "host"), false);
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      this.host = h;
      return this;
    }

    /** The port; -1 or 0 means the scheme's default. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder path(String path) {
      this.path = path == null || path.isEmpty() ? "/" : path;
      return this;
    }

    public Builder query(String query) {
      this.query = query;
      return this;
    }

    /** Adds a header field; the name is lower-cased. */
    public Builder header(String name, String value) {
      String lower = fold(name, false);
      Objects.requireNonNull(value, "value");
      if (shared || 2 * count == fields.length) {
        fields = Arrays.copyOf(fields, Math.max(8, 4 * count));
        shared = false;
      }
      fields[2 * count] = lower;
      fields[2 * count + 1] = value;
      count++;
      return this;
    }

    /** Removes every field of {@code name}. */
    public Builder removeHeader(String name) {
      String lower = fold(name, false);
      String[] kept = new String[fields.length];
      int n = 0;
      for (int i = 0; i < count; i++) {
        if (!fields[2 * i].equals(lower)) {
          kept[2 * n] = fields[2 * i];
          kept[2 * n + 1] = fields[2 * i + 1];
          n++;
        }
      }
      fields = kept;
      count = n;
      shared = false;
      return this;
    }

    public MeshRequest build() {
      Objects.requireNonNull(host, "host");
      return new MeshRequest(this);
    }
  }
}
