package io.meshlet.resilience;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.ResponseFlag;
import io.meshlet.Ticker;
import io.meshlet.cluster.Admission;
import io.meshlet.cluster.Cluster;
import io.meshlet.cluster.Pick;
import io.meshlet.cluster.UpstreamCall;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.internal.MeshSnapshot;
import io.meshlet.resilience.internal.Mirroring;
import io.meshlet.resilience.internal.RetryConditions;
import io.meshlet.resilience.internal.Waits;
import io.meshlet.route.FaultPolicy;
import io.meshlet.route.HeaderMutation;
import io.meshlet.route.MirrorPolicy;
import io.meshlet.route.RetryPolicy;
import io.meshlet.route.RouteDecision;
import io.meshlet.telemetry.RequestRecord;
import io.meshlet.telemetry.RequestRecord.Destination;
import io.meshlet.telemetry.TraceHeaders;
import io.meshlet.telemetry.internal.Telemetry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call through the {@link Invoker}: its routing decision, tries, flags and completion. The
 * call is its own completed flag (the {@link AtomicBoolean} it extends), one object fewer per call.
 */
final class InvocationCall extends AtomicBoolean implements Exchange.Completion {
  private static final byte[] EMPTY = new byte[0];

  private final MeshRequest request;
  /** The mesh's clock, which a passthrough call's upstream service time is read from (as a cluster's is). */
  private final Ticker ticker;
  private final Transport transport;
  private final MeshSnapshot snapshot;
  private final RandomSource random;
  private final Telemetry telemetry;
  private final Mirroring mirroring;
  /** When the call started, for its request record; not read when nothing records (clock reads cost on VMs). */
  private final long startNanos;
  private final long startMillis;
  private final String generatedRequestId;
  /** Envoy's response flags, created with the first one (most calls have none). */
  private EnumSet<ResponseFlag> flags;

  private RouteDecision decision;
  private Cluster cluster;
  private Admission admission;
  private UpstreamEndpoint endpoint;
  private UpstreamResponse upstream;
  private boolean holdingRetry;
  private int attempts;
  private long upstreamServiceMillis = -1;

  InvocationCall(MeshRequest request, Transport transport, MeshSnapshot snapshot, RandomSource random,
      Ticker ticker, Telemetry telemetry, Mirroring mirroring) {
    this.request = request;
    this.ticker = ticker;
    this.transport = transport;
    this.snapshot = snapshot;
    this.random = random;
    this.telemetry = telemetry;
    this.mirroring = mirroring;
    boolean recorded = telemetry.enabled();
    this.startNanos = recorded ? System.nanoTime() : 0;
    this.startMillis = recorded ? System.currentTimeMillis() : 0;
    this.generatedRequestId = request.header("x-request-id") == null ? TraceHeaders.newRequestId() : null;
  }

  Exchange run() throws IOException {
    decision = snapshot.routes().route(request, random);
    return switch (decision.outcome()) {
      case FORWARD -> forward();
      case PASSTHROUGH -> passthrough();
      case REDIRECT -> local(decision.status(), EMPTY, Map.of("location", decision.location()),
          decision.responseHeaders());
      case DIRECT_RESPONSE -> local(decision.status(), decision.body(), Map.of(), decision.responseHeaders());
      case NO_ROUTE -> flagged(ResponseFlag.NO_ROUTE_FOUND, 404, "");
      case BLOCKED -> local(502, EMPTY, Map.of(), HeaderMutation.NONE);
    };
  }

  private Exchange forward() throws IOException {
    FaultPolicy fault = decision.fault();
    if (fault != null) {
      if (fault.hasDelay() && random.percent(fault.delayPercent())) {
        flag(ResponseFlag.DELAY_INJECTED);
        if (!Waits.sleep(fault.delay().toNanos(), transport::cancelled)) {
          throw cancelled();
        }
      }
      if (fault.hasAbort() && random.percent(fault.abortPercent())) {
        flag(ResponseFlag.FAULT_INJECTED);
        if (fault.abortHttpStatus() != null) {
          return local(fault.abortHttpStatus(), text("fault filter abort"), Map.of("content-type", "text/plain"),
              decision.responseHeaders());
        }
        return local(200, EMPTY, Map.of("content-type", "application/grpc",
            "grpc-status", Integer.toString(GrpcStatus.code(fault.abortGrpcStatus())),
            "grpc-message", "fault filter abort"), decision.responseHeaders());
      }
    }
    cluster = snapshot.clusters().cluster(decision.cluster());
    if (cluster == null) {
      return flagged(ResponseFlag.NO_CLUSTER_FOUND, 503, "");
    }
    List<MirrorPolicy> mirrors = decision.mirrors();
    for (int i = 0, n = mirrors.size(); i < n; i++) { // no iterator: most routes have no mirror
      if (random.percent(mirrors.get(i).percent())) {
        mirror(mirrors.get(i));
      }
    }
    return tries();
  }

  /** Retries inside the route timeout; each try: circuit breakers, endpoint pick, send. */
  private Exchange tries() throws IOException {
    try {
      return triesUntilDone();
    } finally {
      endRetry(); // also when a wait is interrupted or the transport throws unexpectedly
    }
  }

  private Exchange triesUntilDone() throws IOException {
    RetryPolicy policy = decision.retryPolicy();
    long timeout = decision.timeout() == null ? 0 : decision.timeout().toNanos();
    long deadline = timeout > 0 ? System.nanoTime() + timeout : 0;
    long perTry = policy.perTryTimeout() == null ? 0 : policy.perTryTimeout().toNanos();
    if (timeout > 0 && perTry >= timeout) {
      perTry = 0; // Envoy ignores a per-try timeout that is not below the route timeout
    }
    int maxTries = transport.replayable() ? 1 + policy.attempts() : 1; // a one-shot body is never retried
    List<UpstreamEndpoint> tried = List.of();
    for (int n = 1; ; n++) {
      if (transport.cancelled()) {
        endRetry();
        throw cancelled();
      }
      long remaining = deadline == 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
      if (remaining <= 0) {
        endRetry();
        return timedOut();
      }
      Admission slot = admit(remaining);
      if (!slot.admitted()) {
        endRetry();
        if (slot.timedOut()) {
          return timedOut();
        }
        flag(ResponseFlag.UPSTREAM_OVERFLOW); // overflow is never retried
        return local(503, text("upstream connect error or disconnect/reset before headers. reset reason: overflow"),
            Map.of("x-envoy-overloaded", "true", "content-type", "text/plain"), decision.responseHeaders());
      }
      Pick pick = cluster.pick(request, policy.retryIgnorePreviousHosts() ? tried : List.of(), random);
      if (pick == null) {
        slot.close();
        endRetry();
        return flagged(ResponseFlag.NO_HEALTHY_UPSTREAM, 503, "no healthy upstream");
      }
      endpoint = pick.endpoint();
      attempts = n;
      long tryTimeout = perTry > 0 ? Math.min(perTry, remaining) : (deadline == 0 ? 0 : remaining);
      boolean routeBound = deadline != 0 && (perTry == 0 || remaining <= perTry);
      UpstreamCall call = cluster.begin(pick);
      UpstreamResponse response;
      try {
        response = transport.send(new Attempt(request, decision, cluster, endpoint, n, tryTimeout,
            generatedRequestId, false));
      } catch (IOException e) {
        slot.close();
        endRetry();
        if (transport.cancelled()) {
          call.cancel(); // the caller's doing: no outlier result, but no longer active on the endpoint
          throw cancelled();
        }
        FailureKind kind = transport.classify(e);
        call.fail(kind.localOrigin());
        if (kind == FailureKind.TIMEOUT && routeBound) {
          return timedOut(); // the route timeout: no further retry
        }
        boolean retriable = RetryConditions.retriable(policy, kind);
        if (retriable && n < maxTries) {
          if (startRetry()) {
            tried = remember(tried, endpoint);
            if (!backoff(policy, n, deadline)) {
              return timedOut();
            }
            continue;
          }
          flag(ResponseFlag.UPSTREAM_OVERFLOW);
        } else if (retriable && maxTries > 1) {
          flag(ResponseFlag.UPSTREAM_RETRY_LIMIT_EXCEEDED);
        }
        return failure(kind);
      } catch (RuntimeException e) {
        call.cancel();
        slot.close();
        throw e;
      }
      call.end(response.status());
      upstreamServiceMillis = call.elapsedNanos() / 1_000_000;
      endRetry();
      boolean retriable = RetryConditions.retriable(policy, request, response);
      if (retriable && n < maxTries) {
        if (startRetry()) {
          response.close();
          slot.close();
          tried = remember(tried, endpoint);
          if (!backoff(policy, n, deadline)) {
            return timedOut();
          }
          continue;
        }
        flag(ResponseFlag.UPSTREAM_OVERFLOW); // the retry breaker or budget refused: the answer stands
      } else if (retriable && maxTries > 1) {
        flag(ResponseFlag.UPSTREAM_RETRY_LIMIT_EXCEEDED);
      }
      admission = slot;
      upstream = response;
      return new Exchange(response, response.status(), flags(), null, null, decision.responseHeaders(),
          pick.setCookie(), upstreamServiceMillis, endpoint, attempts, this);
    }
  }

  private Admission admit(long remaining) throws IOException {
    try {
      return cluster.admit(remaining);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for a connection slot");
    }
  }

  /** Waits out retry {@code n}'s back-off; false when the route deadline comes first. */
  private boolean backoff(RetryPolicy policy, int n, long deadline) throws IOException {
    long wait = RetryConditions.backoffNanos(policy, n, random.nextDouble());
    long remaining = deadline == 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
    boolean timesOut = remaining <= wait;
    if (!Waits.sleep(Math.min(wait, Math.max(0, remaining)), transport::cancelled)) {
      endRetry();
      throw cancelled();
    }
    if (timesOut) {
      endRetry();
      return false;
    }
    return true;
  }

  private boolean startRetry() {
    if (cluster.tryStartRetry()) {
      holdingRetry = true;
      return true;
    }
    return false;
  }

  private void endRetry() {
    if (holdingRetry) {
      holdingRetry = false;
      cluster.endRetry();
    }
  }

  private static List<UpstreamEndpoint> remember(List<UpstreamEndpoint> tried, UpstreamEndpoint endpoint) {
    List<UpstreamEndpoint> out = tried.isEmpty() ? new ArrayList<>(2) : tried;
    out.add(endpoint);
    return out;
  }

  private Exchange passthrough() throws IOException {
    attempts = 1;
    long sent = ticker.nanos();
    try {
      UpstreamResponse response = transport.send(new Attempt(request, decision, null, null, 1, 0,
          generatedRequestId, false));
      upstreamServiceMillis = Math.max(0, ticker.nanos() - sent) / 1_000_000;
      upstream = response;
      return new Exchange(response, response.status(), flags(), null, null, HeaderMutation.NONE, null,
          upstreamServiceMillis, null, 1, this);
    } catch (IOException e) {
      if (transport.cancelled()) {
        throw cancelled();
      }
      return failure(transport.classify(e));
    }
  }

  private void mirror(MirrorPolicy policy) {
    Cluster target = snapshot.clusters().cluster(policy.cluster());
    if (target == null || !transport.replayable()) {
      mirroring.drop(); // nowhere to send it, or a one-shot body that the main call consumes
      return;
    }
    long timeout = decision.timeout() != null && !decision.timeout().isZero() ? decision.timeout().toNanos()
        : Invoker.DEFAULT_MIRROR_TIMEOUT.toNanos();
    mirroring.submit(() -> sendMirror(target, timeout));
  }

  private void sendMirror(Cluster target, long timeoutNanos) {
    try (Admission slot = target.admit(0)) {
      Pick pick = slot.admitted() ? target.pick(request, List.of(), random) : null;
      if (pick == null) {
        mirroring.drop();
        return;
      }
      if (!transport.mirror(new Attempt(request, decision, target, pick.endpoint(), 1, timeoutNanos,
          generatedRequestId, true))) {
        mirroring.drop();
      }
    } catch (IOException | RuntimeException e) {
      // Fire-and-forget: a failed mirror never affects the main call.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Exchange timedOut() {
    return flagged(ResponseFlag.UPSTREAM_REQUEST_TIMEOUT, 504, "upstream request timeout");
  }

  private Exchange failure(FailureKind kind) {
    String reason = switch (kind) {
      case CONNECT_FAILURE -> "connection failure";
      case DNS_FAILURE -> "dns resolution failure";
      case REFUSED_STREAM -> "remote refused stream reset";
      case TIMEOUT -> null;
      case RESET, RESET_BEFORE_REQUEST -> "connection termination";
    };
    return flagged(kind.flag(), kind.status(), reason == null ? "upstream request timeout"
        : "upstream connect error or disconnect/reset before headers. reset reason: " + reason);
  }

  private Exchange flagged(ResponseFlag flag, int status, String body) {
    flag(flag);
    HeaderMutation headers = decision.outcome() == RouteDecision.Outcome.FORWARD ? decision.responseHeaders()
        : HeaderMutation.NONE;
    return local(status, text(body), body.isEmpty() ? Map.of() : Map.of("content-type", "text/plain"), headers);
  }

  private Exchange local(int status, byte[] body, Map<String, String> headers, HeaderMutation responseHeaders) {
    return new Exchange(null, status, flags(), body == null ? EMPTY : body, headers, responseHeaders, null, -1, endpoint,
        attempts, this);
  }

  private void flag(ResponseFlag flag) {
    if (flags == null) {
      flags = EnumSet.of(flag);
    } else {
      flags.add(flag);
    }
  }

  private Set<ResponseFlag> flags() {
    return flags == null ? Set.of() : flags;
  }

  private CallCancelledException cancelled() {
    flag(ResponseFlag.DOWNSTREAM_CONNECTION_TERMINATION);
    if (compareAndSet(false, true) && telemetry.enabled()) {
      telemetry.record(record(0, 0, 0));
    }
    return new CallCancelledException();
  }

  @Override
  public void complete(Exchange exchange, long requestBytes, long responseBytes) {
    if (!compareAndSet(false, true)) {
      return;
    }
    if (admission != null) {
      admission.close();
    }
    if (telemetry.enabled()) {
      telemetry.record(record(exchange.status(), requestBytes, responseBytes));
    }
  }

  private RequestRecord record(int status, long requestBytes, long responseBytes) {
    Destination destination = switch (decision.outcome()) {
      case PASSTHROUGH -> Destination.unknown("PassthroughCluster");
      case BLOCKED -> Destination.unknown("BlackHoleCluster");
      case FORWARD -> telemetry.destination(decision.cluster().host(), cluster, endpoint);
      default -> decision.serviceHost() == null ? Destination.unknown("unknown")
          : telemetry.destination(decision.serviceHost(), null, null);
    };
    String contentType = request.header("content-type");
    String path = request.query() == null ? request.path() : request.path() + "?" + request.query();
    return new RequestRecord(startMillis, System.nanoTime() - startNanos, request.method(), path, "HTTP/1.1",
        request.authority(), generatedRequestId != null ? generatedRequestId : request.header("x-request-id"),
        request.header("user-agent"), request.header("x-forwarded-for"), status, flags(),
        requestBytes, responseBytes,
        destination, endpoint, decision.outcome() == RouteDecision.Outcome.FORWARD ? decision.cluster() : null,
        decision.routeName(),
        contentType != null && contentType.startsWith("application/grpc"),
        upstream == null ? null : upstream.header("grpc-status"), upstreamServiceMillis);
  }

  private static byte[] text(String s) {
    return s.isEmpty() ? EMPTY : s.getBytes(StandardCharsets.UTF_8);
  }
}
