package io.meshlet.config.model;

/**
 * A port of a ServiceEntry.
 *
 * @param number the port number, required and unique within the entry
 * @param protocol {@code HTTP}, {@code HTTPS}, {@code GRPC}, {@code HTTP2}, {@code MONGO},
 *     {@code TCP} or {@code TLS}; absent means protocol detection
 * @param name the port name, required; endpoints' {@code ports} maps refer to it
 * @param targetPort the endpoint port traffic goes to; absent means {@code number}
 */
public record ServicePort(Integer number, String protocol, String name, Integer targetPort) {

  /** The endpoint port; default {@code number}. */
  public Integer targetPortOrDefault() {
    return targetPort == null || targetPort == 0 ? number : targetPort;
  }
}
