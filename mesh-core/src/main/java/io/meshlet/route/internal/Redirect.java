package io.meshlet.route.internal;

import io.meshlet.MeshRequest;

/**
 * A compiled {@code redirect}, producing the {@code Location} as Envoy's redirect action does: the
 * request's scheme, host and path unless replaced; the request's query kept unless the new path has
 * one; a port only when {@code port} or {@code derivePort: FROM_REQUEST_PORT} sets one (Istio drops
 * {@code :80} for http and {@code :443} for https); otherwise the request's Host port, dropped when the
 * scheme changes away from its default port.
 */
final class Redirect {
  private final String scheme;
  private final String host;
  private final String port;
  private final String pathRedirect;
  private final String prefixRewrite;
  final int code;

  Redirect(String scheme, String host, int port, String pathRedirect, String prefixRewrite, int code) {
    this.scheme = scheme;
    this.host = host;
    this.port = port > 0 ? ":" + port : "";
    this.pathRedirect = pathRedirect == null || pathRedirect.isEmpty() ? null : pathRedirect;
    this.prefixRewrite = prefixRewrite;
    this.code = code;
  }

  String location(MeshRequest request, String path, int matchedPrefixLength) {
    String finalScheme = scheme != null ? scheme : request.scheme();
    String finalHost = host != null ? host : requestHost(request, finalScheme);
    String query = request.query();
    String finalPath;
    if (pathRedirect != null) {
      finalPath = pathRedirect.indexOf('?') >= 0 || query == null ? pathRedirect : pathRedirect + "?" + query;
    } else {
      String p = prefixRewrite != null ? PathRewrite.replacePrefix(path, matchedPrefixLength, prefixRewrite) : path;
      finalPath = query == null ? p : p + "?" + query;
    }
    if (!finalPath.startsWith("/")) {
      finalPath = "/" + finalPath;
    }
    return finalScheme + "://" + finalHost + port + finalPath;
  }

  /** Envoy's {@code processRequestHost}: the Host, without its port when a port is set or the default port goes with the old scheme. */
  private String requestHost(MeshRequest request, String newScheme) {
    String authority = request.authority();
    int colon = authority.startsWith("[") ? authority.lastIndexOf("]:") + 1 : authority.lastIndexOf(':');
    if (colon <= 0) {
      return authority;
    }
    String requestPort = authority.substring(colon);
    String oldScheme = request.scheme();
    boolean remove = !port.isEmpty();
    if (!newScheme.equals(oldScheme)) {
      remove |= oldScheme.equals("https") && requestPort.equals(":443");
      remove |= oldScheme.equals("http") && requestPort.equals(":80");
    }
    return remove ? authority.substring(0, colon) : authority;
  }

  String describe() {
    StringBuilder out = new StringBuilder().append(code).append(" to ");
    out.append(scheme != null ? scheme : "(request scheme)").append("://");
    out.append(host != null ? host : "(request host)").append(port);
    if (pathRedirect != null) {
      out.append(pathRedirect);
    } else if (prefixRewrite != null) {
      out.append(" (matched prefix replaced by \"").append(prefixRewrite).append("\")");
    } else {
      out.append("(request path)");
    }
    return out.toString();
  }
}
