package io.meshlet.resilience;

import io.meshlet.MeshRequest;
import io.meshlet.RandomSource;
import io.meshlet.Ticker;
import io.meshlet.internal.MeshSnapshot;
import io.meshlet.resilience.internal.Mirroring;
import io.meshlet.telemetry.internal.Telemetry;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs one outbound call through the mesh, in Envoy's order, on the calling thread:
 *
 * <ol>
 *   <li>route the request ({@link io.meshlet.route.RouteDecision}); redirects, direct responses,
 *       no-route and blocked hosts are answered locally;
 *   <li>fault injection: the delay (not counted toward the route timeout), then the abort — an
 *       aborted request reaches no endpoint;
 *   <li>mirrors, fire-and-forget on a shared bounded executor;
 *   <li>the route {@code timeout} over all tries and back-offs (504 {@code UT});
 *   <li>retries with Envoy's jittered back-off, each try bounded by {@code perTryTimeout}:
 *       circuit breakers, then an endpoint pick (avoiding endpoints already tried), then
 *       {@link Transport#send}, with outlier accounting of every outcome.
 * </ol>
 *
 * HTTP-library-agnostic: adapters supply a {@link Transport} per call. Obtained from
 * {@code Mesh.invoker()}; thread-safe.
 */
public final class Invoker {
  /** How long a mirrored request may take when its route sets no timeout. */
  static final Duration DEFAULT_MIRROR_TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<MeshSnapshot> snapshots;
  private final RandomSource random;
  private final Ticker ticker;
  private final Telemetry telemetry;
  private final Mirroring mirroring;

  /** Created by {@code Mesh}; adapters get it from {@code mesh.invoker()}. */
  public Invoker(Supplier<MeshSnapshot> snapshots, RandomSource random, Ticker ticker, Telemetry telemetry,
      Mirroring mirroring) {
    this.snapshots = snapshots;
    this.random = random;
    this.ticker = ticker;
    this.telemetry = telemetry;
    this.mirroring = mirroring;
  }

  /**
   * Routes and sends {@code request}, retrying and timing out as its route says.
   *
   * @return the upstream response or a local reply; call {@link Exchange#complete} when the
   *     response body is done
   * @throws IOException only when the caller cancelled the call ({@link CallCancelledException})
   *     or the thread was interrupted; every upstream failure is a local reply instead
   */
  public Exchange execute(MeshRequest request, Transport transport) throws IOException {
    MeshSnapshot snapshot = snapshots.get();
    return new InvocationCall(request, transport, snapshot, random, ticker, telemetry, mirroring).run();
  }

  /** Mirrors dropped so far because the mirror executor was full or the body could not be replayed. */
  public long mirrorsDropped() {
    return mirroring.dropped();
  }

  /** Mirror threads currently alive. */
  public int mirrorThreads() {
    return mirroring.threads();
  }
}
