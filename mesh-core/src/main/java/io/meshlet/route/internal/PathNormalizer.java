package io.meshlet.route.internal;

import java.nio.charset.StandardCharsets;

/**
 * Istio's default path normalisation ({@code pathNormalization: BASE}, Envoy {@code normalize_path}),
 * applied before routes are matched and kept for the forwarded request. As Envoy's RFC 3986
 * canonicaliser (Chromium's): backslashes become slashes, percent-encoded unreserved characters
 * ({@code A-Z a-z 0-9 - . _ ~}) are decoded, other escapes are kept as written (so {@code %2F} is
 * not a separator), characters that may not appear in a path are escaped, and {@code .} and
 * {@code ..} segments are removed. Repeated slashes are kept (merging them is the non-default
 * {@code MERGE_SLASHES}).
 */
public final class PathNormalizer {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathNormalizer() {}

  /** The normalised path; the same instance when nothing changes, which is the common case. */
  public static String normalize(String path) {
    if (isCanonical(path)) {
      return path;
    }
    return removeDotSegments(canonicalizeCharacters(path));
  }

  private static boolean isCanonical(String path) {
    int n = path.length();
    if (n == 0 || path.charAt(0) != '/') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = path.charAt(i);
      if (c == '%' || c == '\\' || c == '#' || needsEscape(c)) {
        return false;
      }
      if (c == '.' && path.charAt(i - 1) == '/') {
        return false;
      }
    }
    return true;
  }

  private static boolean needsEscape(char c) {
    return c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}';
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
  }

  private static String canonicalizeCharacters(String path) {
    int fragment = path.indexOf('#');
    int n = fragment >= 0 ? fragment : path.length();
    StringBuilder out = new StringBuilder(n + 8);
    if (n == 0 || (path.charAt(0) != '/' && path.charAt(0) != '\\')) {
      out.append('/');
    }
    for (int i = 0; i < n; i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        out.append('/');
      } else if (c == '%' && i + 2 < n && hex(path.charAt(i + 1)) >= 0
          && hex(path.charAt(i + 2)) >= 0) {
        int value = hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2));
        if (isUnreserved(value)) {
          out.append((char) value);
        } else {
          out.append(path, i, i + 3);
        }
        i += 2;
      } else if (c >= 0x80) {
        int cp = path.codePointAt(i);
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          escape(out, b & 0xff);
        }
        i += Character.charCount(cp) - 1;
      } else if (needsEscape(c)) {
        escape(out, c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void escape(StringBuilder out, int b) {
    out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** RFC 3986 section 5.2.4 on an absolute path; a final {@code .} or {@code ..} leaves a trailing slash. */
  private static String removeDotSegments(String path) {
    StringBuilder out = new StringBuilder(path.length());
    int i = 1;
    int n = path.length();
    while (i <= n) {
      int end = path.indexOf('/', i);
      if (end < 0) {
        end = n;
      }
      int len = end - i;
      boolean last = end == n;
      if (len == 1 && path.charAt(i) == '.') {
        if (last) {
          out.append('/');
        }
      } else if (len == 2 && path.charAt(i) == '.' && path.charAt(i + 1) == '.') {
        int slash = out.lastIndexOf("/");
        out.setLength(Math.max(slash, 0));
        if (last) {
          out.append('/');
        }
      } else {
        out.append('/').append(path, i, end);
      }
      i = end + 1;
    }
    return out.length() == 0 ? "/" : out.toString();
  }
}
