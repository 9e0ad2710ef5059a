package io.meshlet.config.model;

/**
 * A port of a Gateway server.
 *
 * @param number the port number, required
 * @param protocol {@code HTTP}, {@code HTTPS}, {@code GRPC}, {@code GRPC-WEB}, {@code HTTP2},
 *     {@code MONGO}, {@code TCP} or {@code TLS}, required
 * @param name the port name, required
 * @param targetPort hidden in Istio's docs; applies only with ServiceEntries
 */
public record Port(Integer number, String protocol, String name, Integer targetPort) {}
