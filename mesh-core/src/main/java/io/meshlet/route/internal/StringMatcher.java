package io.meshlet.route.internal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.meshlet.config.model.StringMatch;

/**
 * A compiled Istio {@code StringMatch}, as Envoy evaluates it: {@code exact} and {@code prefix}
 * compare characters (optionally ignoring case), {@code regex} is RE2 and must match the whole
 * value. An absent or empty match, and Istio's special {@code regex: "*"}, only test presence.
 */
public final class StringMatcher {

  /** How the value is compared. */
  public enum Kind {
    EXACT, PREFIX, REGEX, PRESENT
  }

  private static final StringMatcher PRESENT = new StringMatcher(Kind.PRESENT, "", null, false);

  private static final String META = "\\.[]()*+?{}^$|";

  private final Kind kind;
  private final String text;
  private final Pattern pattern;
  private final boolean ignoreCase;
  /** Literal text every full match of the regex starts with; empty when unknown. */
  private final String requiredPrefix;
  /** Literal text every full match of the regex ends with; empty when unknown. */
  private final String requiredSuffix;

  private StringMatcher(Kind kind, String text, Pattern pattern, boolean ignoreCase) {
    this.kind = kind;
    this.text = text;
    this.pattern = pattern;
    this.ignoreCase = ignoreCase;
    boolean literalEnds = kind == Kind.REGEX && text.indexOf('|') < 0 && !text.contains("(?");
    this.requiredPrefix = literalEnds ? literalPrefix(text) : "";
    this.requiredSuffix = literalEnds ? literalSuffix(text) : "";
  }

  /**
   * The literal characters a regex without alternation or flags starts with. Checking them first
   * spares most requests the regex engine and its matcher allocation.
   */
  static String literalPrefix(String regex) {
    int start = regex.startsWith("^") ? 1 : 0;
    int i = start;
    while (i < regex.length() && META.indexOf(regex.charAt(i)) < 0) {
      i++;
    }
    // A quantifier that allows zero repetitions makes the last literal optional.
    if (i < regex.length() && i > start && "*?{".indexOf(regex.charAt(i)) >= 0) {
      i--;
    }
    return regex.substring(start, i);
  }

  /** The literal characters a regex without alternation or flags ends with. */
  static String literalSuffix(String regex) {
    int end = regex.length();
    if (regex.endsWith("$") && !regex.endsWith("\\$")) {
      end--;
    }
    int i = end;
    while (i > 0 && META.indexOf(regex.charAt(i - 1)) < 0) {
      i--;
    }
    // An escaped character right before the literal run would make its first character part of the escape.
    if (i > 0 && regex.charAt(i - 1) == '\\' && i < end) {
      i++;
    }
    return i >= end ? "" : regex.substring(i, end);
  }

  /**
   * Compiles {@code match}; {@code ignoreCase} applies to exact and prefix only, as Envoy's
   * {@code ignore_case} does.
   *
   * @throws PatternSyntaxException if the regex is not valid RE2
   */
  public static StringMatcher of(StringMatch match, boolean ignoreCase, Regexes regexes) {
    if (match == null) {
      return PRESENT;
    }
    if (match.exact() != null) {
      return new StringMatcher(Kind.EXACT, match.exact(), null, ignoreCase);
    }
    if (match.prefix() != null) {
      return new StringMatcher(Kind.PREFIX, match.prefix(), null, ignoreCase);
    }
    if (match.regex() != null) {
      // Istio turns "*" (not valid RE2) into a presence test, istio/istio#20629.
      if (match.regex().equals("*")) {
        return PRESENT;
      }
      return new StringMatcher(Kind.REGEX, match.regex(), regexes.compile(match.regex()), false);
    }
    return PRESENT;
  }

  /** A matcher that only tests presence. */
  public static StringMatcher present() {
    return PRESENT;
  }

  public Kind kind() {
    return kind;
  }

  /** The configured text: the exact value, the prefix, or the regex; empty for presence. */
  public String text() {
    return text;
  }

  /** True when this only tests presence. */
  public boolean isPresence() {
    return kind == Kind.PRESENT;
  }

  /** Whether a present value matches. */
  public boolean matches(String value) {
    switch (kind) {
      case EXACT:
        return ignoreCase ? text.equalsIgnoreCase(value) : text.equals(value);
      case PREFIX:
        return value.regionMatches(ignoreCase, 0, text, 0, text.length());
      case REGEX:
        return value.startsWith(requiredPrefix) && value.endsWith(requiredSuffix)
            && pattern.matcher(value).matches();
      default:
        return true;
    }
  }

  /** How explanations show this matcher: {@code exact "jason"}, {@code regex "^v[0-9]+$"}, {@code present}. */
  public String describe() {
    if (kind == Kind.PRESENT) {
      return "present";
    }
    String out = kind.name().toLowerCase(java.util.Locale.ROOT) + " \"" + text + "\"";
    return ignoreCase ? out + " (ignoring case)" : out;
  }

  /** Equal when configured alike (the regex follows from its text), so that a compile can share matchers. */
  @Override
  public boolean equals(Object o) {
    return o instanceof StringMatcher m && m.kind == kind && m.ignoreCase == ignoreCase && m.text.equals(text);
  }

  @Override
  public int hashCode() {
    return (kind.hashCode() * 31 + text.hashCode()) * 2 + (ignoreCase ? 1 : 0);
  }

  @Override
  public String toString() {
    return describe();
  }
}
