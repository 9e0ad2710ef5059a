package io.meshlet.registry;

import java.util.Locale;

/**
 * One port of a mesh service, as a ServiceEntry {@code ports} entry declares it.
 *
 * @param number the port clients address, 1–65535
 * @param name the port name; endpoints map their target ports by it
 * @param protocol {@code HTTP}, {@code HTTPS}, {@code GRPC}, {@code HTTP2}, {@code TCP}, {@code TLS}, ...; null when undeclared
 * @param targetPort the endpoint port when an endpoint does not name one; 0 means {@code number}
 */
public record ServicePort(int number, String name, String protocol, int targetPort) {

  public ServicePort {
    if (number < 1 || number > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + number);
    }
    name = name == null ? "" : name;
    protocol = protocol == null || protocol.isEmpty() ? null : protocol.toUpperCase(Locale.ROOT);
  }

  /** An HTTP port named {@code http}, or {@code http-<number>} when it is not 80. */
  public static ServicePort http(int number) {
    return new ServicePort(number, number == 80 ? "http" : "http-" + number, "HTTP", 0);
  }

  /** {@link #targetPort} or, when unset, {@link #number}. */
  public int targetPortOrNumber() {
    return targetPort > 0 ? targetPort : number;
  }

  /** True for protocols the HTTP router handles (HTTP, HTTP2, GRPC, and undeclared, which Istio sniffs). */
  public boolean isHttp() {
    return protocol == null || protocol.equals("HTTP") || protocol.equals("HTTP2") || protocol.equals("GRPC")
        || protocol.equals("GRPC-WEB");
  }
}
