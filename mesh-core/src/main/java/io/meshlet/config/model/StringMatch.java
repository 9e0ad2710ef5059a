package io.meshlet.config.model;

/**
 * How to match a string: exactly one of {@code exact}, {@code prefix} or {@code regex}. Matches are
 * case-sensitive; {@code regex} is RE2 syntax and must match the whole value, not a substring. An
 * empty match ({@code {}}) in a header map tests only that the header is present.
 *
 * @param exact the value must equal this string
 * @param prefix the value must start with this string ({@code /foo} also matches {@code /foobar})
 * @param regex the whole value must match this RE2 expression
 */
public record StringMatch(String exact, String prefix, String regex) {

  /** A match on the exact value. */
  public static StringMatch exact(String value) {
    return new StringMatch(value, null, null);
  }

  /** A match on a plain string prefix. */
  public static StringMatch prefix(String value) {
    return new StringMatch(null, value, null);
  }

  /** A match on a full-value RE2 expression. */
  public static StringMatch regex(String value) {
    return new StringMatch(null, null, value);
  }
}
