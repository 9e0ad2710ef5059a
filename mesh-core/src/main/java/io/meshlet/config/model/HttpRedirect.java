package io.meshlet.config.model;

/**
 * A redirect sent back to the client instead of forwarding the request. Only one of {@code uri} and
 * {@code prefixRewrite}, and only one of {@code port} and {@code derivePort}, may be set.
 *
 * @param uri replaces the whole path
 * @param authority replaces the Host/authority
 * @param port replaces the port
 * @param derivePort derives the port instead of naming it
 * @param scheme replaces the scheme ({@code http} or {@code https}); absent keeps the original
 * @param redirectCode the HTTP status; absent means 301
 * @param prefixRewrite replaces the matched prefix; every URI match of the route must be a prefix
 */
public record HttpRedirect(
    String uri,
    String authority,
    Integer port,
    RedirectPortSelection derivePort,
    String scheme,
    Integer redirectCode,
    String prefixRewrite) {

  /** Istio's default redirect status. */
  public static final int DEFAULT_REDIRECT_CODE = 301;

  /** How the redirect's port is chosen when {@code port} is not given. */
  public enum RedirectPortSelection {
    /** No port in the location; 80 for http and 443 for https are implied. */
    FROM_PROTOCOL_DEFAULT,
    /** The port the request arrived on. */
    FROM_REQUEST_PORT
  }

  /** The redirect status code; default 301. */
  public int redirectCodeOrDefault() {
    return redirectCode == null ? DEFAULT_REDIRECT_CODE : redirectCode;
  }

  /** The port rule; default {@code FROM_PROTOCOL_DEFAULT}, used only when {@code port} is absent. */
  public RedirectPortSelection derivePortOrDefault() {
    return derivePort == null ? RedirectPortSelection.FROM_PROTOCOL_DEFAULT : derivePort;
  }
}
