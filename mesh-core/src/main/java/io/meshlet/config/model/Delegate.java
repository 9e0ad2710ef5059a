package io.meshlet.config.model;

/**
 * A reference to a delegate VirtualService whose HTTP routes are merged into the referring route.
 * Only one level of delegation is supported, and every delegate match must be a subset of the
 * root's match; a missing or unexported delegate drops the route.
 *
 * @param name the delegate VirtualService's name
 * @param namespace its namespace; absent means the root VirtualService's namespace
 */
public record Delegate(String name, String namespace) {}
