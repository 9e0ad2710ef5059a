package io.meshlet.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * RE2 expressions compiled once per process: the loader's validation and the route compile need
 * the same expressions, and generated configurations repeat a few expressions across thousands of
 * routes; RE2J's compile would otherwise dominate both. Compiled patterns are immutable and
 * thread-safe. The cache is bounded by the total length of the expressions it keeps.
 */
public final class Re2 {
  /** Characters of expression text kept: a few thousand typical expressions. */
  static final long MAX_CHARS = 256 * 1024;

  private static final Cache<String, Object> CACHE = Caffeine.newBuilder()
      .maximumWeight(MAX_CHARS)
      .<String, Object>weigher((regex, compiled) -> regex.length() + 16)
      .build();

  private Re2() {}

  /**
   * The compiled expression.
   *
   * @throws PatternSyntaxException if it is not valid RE2
   */
  public static Pattern compile(String regex) {
    Object compiled = CACHE.get(regex, Re2::compileOrError);
    if (compiled instanceof Invalid invalid) {
      throw new PatternSyntaxException(invalid.description, invalid.pattern);
    }
    return (Pattern) compiled;
  }

  private static Object compileOrError(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return new Invalid(e.getDescription(), e.getPattern());
    }
  }

  /** An expression that does not compile, remembered with what RE2J said about it. */
  private record Invalid(String description, String pattern) {}
}
