package io.meshlet.registry.internal;

import io.meshlet.Ticker;
import io.meshlet.registry.DnsResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest addresses of the host names that DNS ServiceEntries name. A name is resolved the first
 * time a registry needs it, then again whenever its result is older than the refresh interval
 * ({@link #refresh()}). As Envoy does for a failed re-resolution, the last good answer is kept.
 */
final class DnsCache {
  private static final Logger log = LoggerFactory.getLogger(DnsCache.class);

  private record Entry(List<String> addresses, long resolvedAt) {}

  private final DnsResolver resolver;
  private final Ticker ticker;
  private final long ttlNanos;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  DnsCache(DnsResolver resolver, Ticker ticker, Duration ttl) {
    this.resolver = resolver;
    this.ticker = ticker;
    this.ttlNanos = ttl.toNanos();
  }

  /** The addresses of {@code name}, resolving it now if it has never been resolved. */
  List<String> addresses(String name) {
    return entries.computeIfAbsent(name, n -> new Entry(resolve(n, List.of()), ticker.nanos())).addresses();
  }

  /** Forgets names no registry uses any more. */
  void retain(Set<String> names) {
    entries.keySet().retainAll(names);
  }

  /** Re-resolves every name whose answer is older than the refresh interval; true if any changed. */
  boolean refresh() {
    boolean changed = false;
    long now = ticker.nanos();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (now - e.getValue().resolvedAt() < ttlNanos) {
        continue;
      }
      List<String> fresh = resolve(e.getKey(), e.getValue().addresses());
      if (!fresh.equals(e.getValue().addresses())) {
        log.info("DNS {} now resolves to {} (was {})", e.getKey(), fresh, e.getValue().addresses());
        changed = true;
      }
      entries.replace(e.getKey(), e.getValue(), new Entry(fresh, now));
    }
    return changed;
  }

  private List<String> resolve(String name, List<String> previous) {
    try {
      List<String> out = new ArrayList<>();
      for (InetAddress a : resolver.resolve(name)) {
        out.add(a.getHostAddress());
      }
      return List.copyOf(out);
    } catch (UnknownHostException | RuntimeException e) {
      log.warn("DNS resolution of {} failed ({}); keeping {}", name, e.toString(), previous);
      return previous;
    }
  }

  /** True for an IPv4 or IPv6 literal, which needs no resolution. */
  static boolean isIpLiteral(String address) {
    if (address.indexOf(':') >= 0) {
      return true;
    }
    int dots = 0;
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }
}
