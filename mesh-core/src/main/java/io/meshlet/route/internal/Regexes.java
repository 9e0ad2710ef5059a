package io.meshlet.route.internal;

import com.google.re2j.Pattern;
import java.util.HashMap;
import java.util.Map;

/**
 * Compiles RE2 expressions once per configuration: generated configurations repeat the same
 * expressions across thousands of routes, and RE2J compilation dominates compile time otherwise.
 * Not thread-safe; one instance per compilation.
 */
public final class Regexes {
  private final Map<String, Pattern> cache = new HashMap<>();

  /** The compiled expression, shared with every earlier request for the same text. */
  public Pattern compile(String regex) {
    Pattern p = cache.get(regex);
    if (p == null) {
      p = Pattern.compile(regex);
      cache.put(regex, p);
    }
    return p;
  }
}
