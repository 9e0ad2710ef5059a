package io.meshlet.config.model;

/**
 * A port of a Sidecar listener.
 *
 * @param number the port number
 * @param protocol the protocol ({@code HTTP}, {@code HTTPS}, {@code GRPC}, {@code HTTP2},
 *     {@code MONGO}, {@code TCP}, {@code TLS})
 * @param name the port name
 * @param targetPort hidden in Istio's docs
 */
public record SidecarPort(Integer number, String protocol, String name, Integer targetPort) {}
