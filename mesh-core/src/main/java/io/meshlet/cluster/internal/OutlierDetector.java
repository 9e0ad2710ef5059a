package io.meshlet.cluster.internal;

import io.meshlet.cluster.LocalOriginFailure;
import io.meshlet.config.model.OutlierDetection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy's consecutive-error outlier detection for one cluster. Results are counted per host as they
 * arrive, and a host is ejected as soon as a counter reaches its threshold, if
 * {@code maxEjectionPercent} allows (one host can always be ejected). Ejected hosts return at the
 * first interval sweep after {@code baseEjectionTime} times their ejection multiplier (capped at
 * 300s or the base time); each sweep also lowers the multiplier of hosts that stayed healthy for a
 * base ejection time. Sweeps run lazily, when a request touches the cluster after a sweep was due,
 * as if they had run on time.
 */
final class OutlierDetector {
  private static final Logger log = LoggerFactory.getLogger(OutlierDetector.class);
  private static final long DEFAULT_MAX_EJECTION_NANOS = Duration.ofSeconds(300).toNanos();

  private enum Type {
    CONSECUTIVE_5XX("consecutive_5xx"),
    CONSECUTIVE_GATEWAY_FAILURE("consecutive_gateway_failure"),
    CONSECUTIVE_LOCAL_ORIGIN_FAILURE("consecutive_local_origin_failure");

    final String envoyName;

    Type(String envoyName) {
      this.envoyName = envoyName;
    }
  }

  private final ClusterState cluster;
  private final HostImpl[] hosts;
  private final int consecutive5xx;
  private final int consecutiveGateway;
  private final int consecutiveLocalOrigin;
  private final boolean split;
  final long intervalNanos;
  private final long baseNanos;
  private final long maxNanos;
  private final int maxEjectionPercent;
  private final boolean[] errorCodes;

  OutlierDetector(OutlierDetection od, ClusterState cluster, HostImpl[] hosts) {
    this.cluster = cluster;
    this.hosts = hosts;
    this.consecutive5xx = od.consecutive5xxErrorsOrDefault();
    this.consecutiveGateway = od.consecutiveGatewayErrorsOrDefault();
    this.split = od.splitExternalLocalOriginErrorsOrDefault();
    this.consecutiveLocalOrigin = od.consecutiveLocalOriginFailuresOrDefault();
    this.intervalNanos = Math.max(1, od.intervalOrDefault().toNanos());
    this.baseNanos = od.baseEjectionTimeOrDefault().toNanos();
    this.maxNanos = Math.max(DEFAULT_MAX_EJECTION_NANOS, baseNanos);
    this.maxEjectionPercent = Math.min(100, od.maxEjectionPercentOrDefault());
    if (od.outlierDetectionHttpErrorCodes().isEmpty()) {
      this.errorCodes = null;
    } else {
      this.errorCodes = new boolean[600];
      for (Integer code : od.outlierDetectionHttpErrorCodes()) {
        if (code != null && code >= 100 && code < 600) {
          errorCodes[code] = true;
        }
      }
    }
  }

  /** An answer with response headers: 5xx (or the configured codes) count, anything else resets. */
  void onStatus(HostImpl host, int status, long now) {
    if (split) {
      // The connection worked: a local-origin success.
      reset(host.state.consecutiveLocalOrigin);
    }
    countStatus(host, status, now);
  }

  /** A local-origin failure: counted on its own in split mode, else as a 503 (504 for timeouts). */
  void onLocalFailure(HostImpl host, LocalOriginFailure failure, long now) {
    if (split) {
      if (consecutiveLocalOrigin > 0
          && host.state.consecutiveLocalOrigin.incrementAndGet() == consecutiveLocalOrigin) {
        consecutiveError(host, Type.CONSECUTIVE_LOCAL_ORIGIN_FAILURE, now);
      }
      return;
    }
    countStatus(host, failure == LocalOriginFailure.TIMEOUT ? 504 : 503, now);
  }

  private void countStatus(HostImpl host, int status, long now) {
    HostState s = host.state;
    boolean error = errorCodes == null ? status >= 500 && status < 600
        : status >= 0 && status < errorCodes.length && errorCodes[status];
    if (!error) {
      reset(s.consecutive5xx);
      reset(s.consecutiveGateway);
      return;
    }
    if (status == 502 || status == 503 || status == 504) {
      if (consecutiveGateway > 0 && s.consecutiveGateway.incrementAndGet() == consecutiveGateway) {
        consecutiveError(host, Type.CONSECUTIVE_GATEWAY_FAILURE, now);
      }
    } else {
      s.consecutiveGateway.set(0);
    }
    if (consecutive5xx > 0 && s.consecutive5xx.incrementAndGet() == consecutive5xx) {
      consecutiveError(host, Type.CONSECUTIVE_5XX, now);
    }
  }

  /**
   * Zeroes a consecutive-error count, writing only when it is not zero already: on the success path
   * of every request, a read leaves the host's cache line shared between cores where a write would
   * take it from the others.
   */
  private static void reset(AtomicInteger count) {
    if (count.get() != 0) {
      count.set(0);
    }
  }

  private void consecutiveError(HostImpl host, Type type, long now) {
    synchronized (cluster) {
      HostState s = host.state;
      if (!s.ejected) {
        eject(host, type, now);
      }
      // Envoy resets the counter that fired, so a new streak is needed for the next attempt.
      switch (type) {
        case CONSECUTIVE_5XX -> s.consecutive5xx.set(0);
        case CONSECUTIVE_GATEWAY_FAILURE -> s.consecutiveGateway.set(0);
        default -> s.consecutiveLocalOrigin.set(0);
      }
    }
  }

  private void eject(HostImpl host, Type type, long now) {
    int ejected = ejectedCount();
    if (ejected > 0 && 100.0 * (ejected + 1) / hosts.length > maxEjectionPercent) {
      ClusterState.increment(cluster.ejectionsOverflow);
      log.info("outlier detection: {} in {} not ejected ({}): {} of {} hosts already ejected, maxEjectionPercent {}",
          host, cluster.key, type.envoyName, ejected, hosts.length, maxEjectionPercent);
      return;
    }
    HostState s = host.state;
    s.ejected = true;
    s.lastEjection = now;
    if (s.backoff * baseNanos < maxNanos + baseNanos) {
      s.backoff++;
    }
    cluster.ejectionsActive.set(ejected + 1);
    ClusterState.increment(cluster.ejectionsEnforcedTotal);
    ClusterState.increment(switch (type) {
      case CONSECUTIVE_5XX -> cluster.ejectionsEnforced5xx;
      case CONSECUTIVE_GATEWAY_FAILURE -> cluster.ejectionsEnforcedGateway;
      default -> cluster.ejectionsEnforcedLocalOrigin;
    });
    cluster.healthVersion.incrementAndGet();
    log.info("outlier detection: ejected {} from {} ({}) for {} ms", host, cluster.key, type.envoyName,
        ejectionNanos(s) / 1_000_000);
  }

  /** Runs the sweeps that came due up to {@code now}. */
  void sweepIfDue(long now) {
    if (now < cluster.nextSweepAt) {
      return;
    }
    synchronized (cluster) {
      if (now < cluster.nextSweepAt || cluster.sweepInterval != intervalNanos) {
        return;
      }
      long origin = cluster.createdAt;
      long current = (now - origin) / intervalNanos;
      long first = cluster.lastSweepTick + 1;
      boolean changed = false;
      for (HostImpl h : hosts) {
        changed |= sweep(h.state, first, current, origin);
      }
      cluster.lastSweepTick = current;
      cluster.nextSweepAt = origin + (current + 1) * intervalNanos;
      if (changed) {
        cluster.ejectionsActive.set(ejectedCount());
        cluster.healthVersion.incrementAndGet();
      }
    }
  }

  /** The sweeps of ticks first..last for one host, computed rather than replayed. */
  private boolean sweep(HostState s, long first, long last, long origin) {
    boolean changed = false;
    long from = first;
    if (s.ejected) {
      long due = Math.max(first, ceilDiv(s.lastEjection + ejectionNanos(s) - origin, intervalNanos));
      if (due > last) {
        return false;
      }
      long at = origin + due * intervalNanos;
      s.ejected = false;
      s.lastUnejection = at;
      s.resetCounters();
      ClusterState.increment(cluster.unejections);
      log.info("outlier detection: {} returned to {} after {} ms", s.key.address() + ":" + s.key.port(),
          cluster.key, (at - s.lastEjection) / 1_000_000);
      changed = true;
      from = due + 1;
    }
    if (s.lastUnejection != HostState.NEVER && s.backoff > 0) {
      long firstDecrement = Math.max(from, ceilDiv(s.lastUnejection + baseNanos - origin, intervalNanos));
      if (firstDecrement <= last) {
        s.backoff = (int) Math.max(0, s.backoff - (last - firstDecrement + 1));
      }
    }
    return changed;
  }

  /** Every host healthy again, for a cluster whose new policy has no outlier detection. */
  static void clearEjections(ClusterState cluster, HostImpl[] hosts) {
    synchronized (cluster) {
      boolean changed = false;
      for (HostImpl h : hosts) {
        if (h.state.ejected) {
          h.state.ejected = false;
          changed = true;
        }
      }
      cluster.ejectionsActive.set(0);
      if (changed) {
        cluster.healthVersion.incrementAndGet();
      }
    }
  }

  private long ejectionNanos(HostState s) {
    return Math.min(baseNanos * s.backoff, maxNanos);
  }

  private int ejectedCount() {
    int n = 0;
    for (HostImpl h : hosts) {
      if (h.state.ejected) {
        n++;
      }
    }
    return n;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
