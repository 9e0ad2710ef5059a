package io.meshlet.route.internal;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * A path rewrite as Envoy performs it: {@code prefix_rewrite} replaces the part of the path the route
 * matched (the prefix of a prefix match, the whole path otherwise), so {@code prefix: /api} with
 * {@code rewrite.uri: /} turns {@code /api/x} into {@code //x}; {@code regex_rewrite} replaces every
 * match of an RE2 expression, with {@code \1}-style group references in the substitution.
 */
final class PathRewrite {
  private final String prefix;
  private final Pattern pattern;
  private final String substitution;
  /** The substitution split into literal text (String) and group references (Integer). */
  private final Object[] parts;

  private PathRewrite(String prefix, Pattern pattern, String substitution, Object[] parts) {
    this.prefix = prefix;
    this.pattern = pattern;
    this.substitution = substitution;
    this.parts = parts;
  }

  /** {@code rewrite.uri}: replaces the matched prefix. */
  static PathRewrite prefix(String replacement) {
    return new PathRewrite(replacement, null, null, null);
  }

  /**
   * {@code rewrite.uriRegexRewrite}.
   *
   * @throws IllegalArgumentException if the substitution names a group the expression does not have
   */
  static PathRewrite regex(Pattern pattern, String substitution) {
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < substitution.length(); i++) {
      char c = substitution.charAt(i);
      if (c == '\\' && i + 1 < substitution.length()) {
        char next = substitution.charAt(i + 1);
        if (next >= '0' && next <= '9') {
          int group = next - '0';
          if (group > pattern.groupCount()) {
            throw new IllegalArgumentException("substitution refers to group \\" + group + " but \""
                + pattern.pattern() + "\" has " + pattern.groupCount() + " group(s)");
          }
          if (literal.length() > 0) {
            parts.add(literal.toString());
            literal.setLength(0);
          }
          parts.add(group);
          i++;
          continue;
        }
        if (next == '\\') {
          literal.append('\\');
          i++;
          continue;
        }
      }
      literal.append(c);
    }
    if (literal.length() > 0) {
      parts.add(literal.toString());
    }
    return new PathRewrite(null, pattern, substitution, parts.toArray());
  }

  /** The rewritten path; {@code matchedPrefixLength} is -1 when the route matched the whole path. */
  String apply(String path, int matchedPrefixLength) {
    if (prefix != null) {
      return replacePrefix(path, matchedPrefixLength, prefix);
    }
    Matcher m = pattern.matcher(path);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (out == null) {
        out = new StringBuilder(path.length() + 16);
      }
      out.append(path, last, m.start());
      for (Object part : parts) {
        if (part instanceof Integer group) {
          String g = m.group(group);
          if (g != null) {
            out.append(g);
          }
        } else {
          out.append((String) part);
        }
      }
      last = m.end();
    }
    if (out == null) {
      return path;
    }
    return out.append(path, last, path.length()).toString();
  }

  static String replacePrefix(String path, int matchedPrefixLength, String replacement) {
    if (matchedPrefixLength < 0 || matchedPrefixLength > path.length()) {
      return replacement;
    }
    return replacement.concat(path.substring(matchedPrefixLength));
  }

  String describe() {
    if (prefix != null) {
      return "uri: matched prefix replaced by \"" + prefix + "\"";
    }
    return "uriRegexRewrite: \"" + pattern.pattern() + "\" replaced by \"" + substitution + "\"";
  }
}
