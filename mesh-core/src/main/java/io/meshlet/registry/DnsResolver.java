package io.meshlet.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves the host names of {@code DNS} and {@code DNS_ROUND_ROBIN} ServiceEntries. The default is
 * the JVM's resolver, {@link InetAddress#getAllByName}, with its own cache
 * ({@code networkaddress.cache.ttl}); the mesh re-resolves on its refresh interval.
 */
@FunctionalInterface
public interface DnsResolver {

  /** Every address of {@code hostname}, in the resolver's order. */
  List<InetAddress> resolve(String hostname) throws UnknownHostException;

  /** The JVM's resolver. */
  static DnsResolver system() {
    return hostname -> List.of(InetAddress.getAllByName(hostname));
  }
}
