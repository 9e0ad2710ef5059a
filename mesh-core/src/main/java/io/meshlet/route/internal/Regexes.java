package io.meshlet.route.internal;

import com.google.re2j.Pattern;
import io.meshlet.internal.Re2;

/**
 * Compiles RE2 expressions for a configuration, through the process-wide {@link Re2} cache:
 * generated configurations repeat the same expressions across thousands of routes, and RE2J
 * compilation dominates compile time otherwise.
 */
public final class Regexes {
  /** The compiled expression, shared with every earlier compile of the same text. */
  public Pattern compile(String regex) {
    return Re2.compile(regex);
  }
}
