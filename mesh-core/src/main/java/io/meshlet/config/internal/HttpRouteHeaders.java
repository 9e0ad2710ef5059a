package io.meshlet.config.internal;

import io.meshlet.config.model.Headers;
import io.meshlet.config.model.Headers.HeaderOperations;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Header names and values in HTTP routes, as Istio validates them: match keys are RFC 7230 tokens,
 * HTTP/2 pseudo-headers or JWT claim references; header operations may not touch pseudo-headers
 * (only the request authority, via {@code host} or {@code :authority}); values follow Envoy's
 * {@code %VARIABLE%} syntax.
 */
final class HttpRouteHeaders {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~A-Za-z0-9]+");
  private static final Set<String> PSEUDO_HEADERS = Set.of(":method", ":scheme", ":authority", ":path", ":status");
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0A-\\x1F\\x7F]");
  private static final String JWT_CLAIMS = "@request.auth.claims";

  private HttpRouteHeaders() {}

  /** {@code @request.auth.claims.name} or {@code @request.auth.claims[name]}: a JWT claim, not a header. */
  static boolean isJwtClaim(String key) {
    if (!key.toLowerCase(Locale.ROOT).startsWith(JWT_CLAIMS)) {
      return false;
    }
    String rest = key.substring(JWT_CLAIMS.length());
    return (rest.startsWith(".") && rest.length() > 1)
        || (rest.startsWith("[") && rest.endsWith("]") && rest.length() > 2);
  }

  /** {@code host} or {@code :authority}, which Istio turns into an authority rewrite. */
  static boolean isAuthority(String name) {
    return name.equalsIgnoreCase("host") || name.equalsIgnoreCase(":authority");
  }

  /** A key of {@code headers} or {@code withoutHeaders} in a match block. */
  static void matchKey(String name, String path, Problems p) {
    if (name.isEmpty()) {
      p.error(path, "header name must not be empty");
    } else if (!isJwtClaim(name) && !PSEUDO_HEADERS.contains(name) && !TOKEN.matcher(name).matches()) {
      p.error(path, "invalid header name \"" + name + "\": use letters, digits and !#$%&'*+-.^_`|~");
    }
  }

  /** Route- or destination-level {@code headers}: request and response operations. */
  static void operations(Headers headers, String path, Problems p) {
    if (headers == null) {
      return;
    }
    if (headers.request() != null) {
      operations(headers.request(), Paths.field(path, "request"), true, p);
    }
    if (headers.response() != null) {
      operations(headers.response(), Paths.field(path, "response"), false, p);
    }
  }

  private static void operations(HeaderOperations ops, String path, boolean request, Problems p) {
    for (String op : List.of("set", "add")) {
      Map<String, String> entries = op.equals("set") ? ops.set() : ops.add();
      String opPath = Paths.field(path, op);
      for (Map.Entry<String, String> e : entries.entrySet()) {
        String entryPath = Paths.key(opPath, e.getKey());
        // The request authority may be set (it becomes an authority rewrite); no other internal header.
        if (!(request && isAuthority(e.getKey()))) {
          name(e.getKey(), entryPath, p);
        }
        value(e.getValue(), entryPath, p);
      }
    }
    String removePath = Paths.field(path, "remove");
    for (int i = 0; i < ops.remove().size(); i++) {
      name(ops.remove().get(i), Paths.index(removePath, i), p);
    }
  }

  private static void name(String name, String path, Problems p) {
    if (name.isEmpty()) {
      p.error(path, "header name must not be empty");
    } else if (name.equalsIgnoreCase("host")) {
      p.error(path, "the Host header cannot be modified here; set request \"host\" (or rewrite.authority) "
          + "to rewrite the authority");
    } else if (name.startsWith(":")) {
      p.error(path, "invalid header \"" + name + "\": pseudo-headers (\":\" prefix) cannot be modified");
    }
  }

  private static void value(String value, String path, Problems p) {
    if (value == null) {
      return;
    }
    if (CONTROL.matcher(value).find()) {
      p.error(path, "header value contains a control character");
      return;
    }
    String error = formatError(value);
    if (error != null) {
      p.error(path, "invalid header value \"" + value + "\": " + error + " (write %% for a literal %)");
    }
  }

  private enum State { LITERAL, NAME, ARRAY, STRING_START, STRING, DELIMITER, ARGS_END, VARIABLE_END }

  /**
   * Envoy reads {@code %NAME%} and {@code %NAME(["arg", ...])%} in header values as substitution
   * variables and rejects a value whose variables are not closed; this walks the same grammar.
   */
  static String formatError(String value) {
    State state = State.LITERAL;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean hasNext = i + 1 < value.length();
      switch (state) {
        case LITERAL -> {
          if (c == '%') {
            if (!hasNext) {
              return "a lone % at the end";
            }
            if (value.charAt(i + 1) == '%') {
              i++;
            } else {
              state = State.NAME;
            }
          }
        }
        case NAME -> {
          if (c == '%') {
            state = State.LITERAL;
          } else if (c == '(') {
            state = State.ARRAY;
          }
        }
        case ARRAY -> {
          if (c == '[') {
            state = State.STRING_START;
          } else if (c != ' ') {
            state = State.STRING;
          }
        }
        case DELIMITER -> {
          if (c == ',') {
            state = State.STRING_START;
          } else if (c == ']') {
            state = State.ARGS_END;
          } else if (c != ' ') {
            return "expected ',' or ']' in the variable's arguments";
          }
        }
        case STRING_START -> {
          if (c == '"') {
            state = State.STRING;
          } else if (c != ' ') {
            return "expected '\"' in the variable's arguments";
          }
        }
        case STRING -> {
          if (c == '\\') {
            if (!hasNext) {
              return "unterminated backslash in the variable's arguments";
            }
            i++;
          } else if (c == ')') {
            state = State.VARIABLE_END;
          } else if (c == '"') {
            state = State.DELIMITER;
          }
        }
        case ARGS_END -> {
          if (c == ')') {
            state = State.VARIABLE_END;
          } else if (c != ' ') {
            return "expected ')' after the variable's arguments";
          }
        }
        case VARIABLE_END -> {
          if (c == '%') {
            state = State.LITERAL;
          } else if (c != ' ') {
            return "expected '%' to close the variable";
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return state == State.LITERAL ? null : "the %VARIABLE% is not closed";
  }
}
