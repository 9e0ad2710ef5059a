package io.meshlet.okhttp;

import io.meshlet.Mesh;
import io.meshlet.MeshRequest;
import io.meshlet.okhttp.internal.OkHttpTransport;
import io.meshlet.okhttp.internal.Requests;
import io.meshlet.okhttp.internal.Responses;
import io.meshlet.okhttp.internal.UpstreamConnections;
import io.meshlet.resilience.Exchange;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Istio traffic management for an OkHttp client: add it as an <em>application</em> interceptor and
 * every call to a mesh host is routed, load balanced, retried, timed out, fault-injected and
 * mirrored as the mesh's VirtualServices and DestinationRules say, and measured with Istio's
 * metrics.
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .addInterceptor(MeshInterceptor.create(mesh))
 *     .build();
 * }</pre>
 *
 * <p>A call to a mesh host ({@code http://reviews:9080/...}) is sent to the picked endpoint's
 * address while {@code Host} keeps the logical authority (or the route's rewrite). Other hosts pass
 * through untouched, or get 502 under a Sidecar's {@code REGISTRY_ONLY}.
 *
 * <p>Retries are the mesh's: for routed calls the interceptor turns off the client's own
 * {@code retryOnConnectionFailure} (per call, through the chain), so OkHttp never retries behind
 * the mesh's back; passthrough calls keep the client's setting. A request body is retried and
 * mirrored only if it can be written again: mark bodies that cannot ({@link
 * okhttp3.RequestBody#isOneShot()}).
 *
 * <p>Each attempt's time is bounded through OkHttp's per-operation connect, write and read
 * timeouts, which approximate Envoy's route and per-try timers; 3xx answers from an endpoint are
 * followed by OkHttp inside the attempt, not routed again. {@code docs/getting-started.md} gives
 * the details.
 *
 * <p>Works with {@code execute()} and {@code enqueue()}; cancelling the call abandons its pending
 * fault delay, back-off and retries.
 */
public final class MeshInterceptor implements Interceptor {
  private final Mesh mesh;
  private final UpstreamConnections connections;

  private MeshInterceptor(Builder builder) {
    this.mesh = builder.mesh;
    this.connections = new UpstreamConnections(builder.mirrorClient);
  }

  /** An interceptor for {@code mesh} with default settings. */
  public static MeshInterceptor create(Mesh mesh) {
    return builder(mesh).build();
  }

  /** A builder, for a custom mirror client. */
  public static Builder builder(Mesh mesh) {
    return new Builder(mesh);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    MeshRequest meshRequest = Requests.toMeshRequest(request);
    OkHttpTransport transport = new OkHttpTransport(chain, connections);
    Exchange exchange = mesh.invoker().execute(meshRequest, transport);
    return Responses.toResponse(exchange, request, transport);
  }

  /** Builds a {@link MeshInterceptor}. */
  public static final class Builder {
    private final Mesh mesh;
    private OkHttpClient mirrorClient;

    private Builder(Mesh mesh) {
      this.mesh = Objects.requireNonNull(mesh, "mesh");
    }

    /**
     * The client that sends mirrored (shadow) copies, off the calling thread. Default: a plain
     * client without connection retries, 30 s call timeout, built when the first mirror is sent.
     */
    public Builder mirrorClient(OkHttpClient client) {
      this.mirrorClient = Objects.requireNonNull(client, "client");
      return this;
    }

    public MeshInterceptor build() {
      return new MeshInterceptor(this);
    }
  }
}
