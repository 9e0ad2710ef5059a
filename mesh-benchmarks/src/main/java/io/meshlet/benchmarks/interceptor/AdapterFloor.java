package io.meshlet.benchmarks.interceptor;

import io.meshlet.okhttp.internal.CountingBody;
import io.meshlet.telemetry.TraceHeaders;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.Dns;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The OkHttp API calls an application interceptor must make to do what Meshlet's adapter does for
 * one routed call, with none of the mesh's own work (no routing, picking, retry bookkeeping or
 * outlier detection): what {@link InterceptorBenchmark} measures as the floor under Meshlet's cost.
 *
 * <ul>
 *   <li>{@link Work#HEADERS}: the request rebuilt with the two headers an Istio client sidecar
 *       adds, {@code x-request-id} (a new UUID) and {@code x-envoy-attempt-count}; set-up (h) of the
 *       load benchmark;
 *   <li>{@link Work#COPIES}: that, plus the four interceptor-chain copies a routed call takes with
 *       a client at OkHttp's defaults (no connection retries, the endpoint's {@code Dns} and socket
 *       factory, no proxy);
 *   <li>{@link Work#RESPONSE}: {@link Work#HEADERS}, plus the caller's response rebuilt with its own
 *       request and Envoy's {@code x-envoy-upstream-service-time}, without chain copies: what an
 *       adapter of another shape (say, a {@code Call.Factory} with a client per endpoint) would
 *       still pay; set-up (r);
 *   <li>{@link Work#ADAPTER}: all of it, the response's body read through the adapter's own
 *       {@link CountingBody}; set-up (f).
 * </ul>
 */
public final class AdapterFloor implements Interceptor {
  /** How much of the adapter's OkHttp work to do. */
  public enum Work {
    HEADERS,
    COPIES,
    RESPONSE,
    ADAPTER
  }

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Dns ENDPOINT = hostname -> List.of(LOOPBACK);

  private final Work work;

  public AdapterFloor(Work work) {
    this.work = work;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request original = chain.request();
    Request upstream = original.newBuilder()
        .addHeader("x-envoy-attempt-count", "1")
        .addHeader("x-request-id", TraceHeaders.newRequestId())
        .build();
    if (work == Work.HEADERS) {
      return chain.proceed(upstream);
    }
    Chain c = chain;
    if (work != Work.RESPONSE) {
      c = chain.getRetryOnConnectionFailure() ? chain.withRetryOnConnectionFailure(false) : chain;
      c = c.withDns(ENDPOINT).withSocketFactory(SocketFactory.getDefault()).withProxy(Proxy.NO_PROXY);
    }
    Response response = c.proceed(upstream);
    if (work == Work.COPIES) {
      return response;
    }
    Response.Builder b = response.newBuilder().request(original).addHeader("x-envoy-upstream-service-time", "1");
    return work == Work.ADAPTER ? b.body(new FloorBody(response.body())).build() : b.build();
  }

  /** The adapter's counting body, keeping the count where the adapter completes its exchange; tests read it. */
  static final class FloorBody extends CountingBody {
    private long counted = -1;

    FloorBody(ResponseBody delegate) {
      super(delegate);
    }

    @Override
    protected void ended(long bytes) {
      counted = bytes;
    }

    /** Bytes read once the body ended or was closed; -1 before. */
    long counted() {
      return counted;
    }
  }
}
