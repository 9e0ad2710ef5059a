package io.meshlet.okhttp.internal;

import io.meshlet.cluster.ClusterPolicy;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.resilience.Attempt;
import io.meshlet.resilience.FailureKind;
import io.meshlet.resilience.Transport;
import io.meshlet.resilience.UpstreamResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.internal.http2.ErrorCode;
import okhttp3.internal.http2.StreamResetException;

/**
 * Sends the mesh's attempts for one OkHttp call through the interceptor chain, so the client's own
 * network interceptors, connection pool, dispatcher and event listener see every try. Per try the
 * chain gets the mesh's timeouts, the cluster's TLS and connection settings, and no connection
 * retries of OkHttp's own.
 */
public final class OkHttpTransport implements Transport {
  private final Interceptor.Chain chain;
  private final Request original;
  private final OkHttpClient mirrorClient;
  private final UpstreamConnections connections;

  public OkHttpTransport(Interceptor.Chain chain, OkHttpClient mirrorClient, UpstreamConnections connections) {
    this.chain = chain;
    this.original = chain.request();
    this.mirrorClient = mirrorClient;
    this.connections = connections;
  }

  /** The caller's request. */
  public Request original() {
    return original;
  }

  @Override
  public UpstreamResponse send(Attempt attempt) throws IOException {
    if (attempt.passthrough()) {
      Request.Builder b = original.newBuilder();
      attempt.applyHeaders(Requests.sink(b));
      return new OkHttpUpstream(chain.proceed(b.build()));
    }
    ClusterPolicy policy = attempt.cluster().policy();
    // Each chain.withX() copies the chain: change only what differs from the client's settings.
    Interceptor.Chain c = chain.getRetryOnConnectionFailure() ? chain.withRetryOnConnectionFailure(false) : chain;
    int connectMillis = (int) Math.min(Integer.MAX_VALUE, policy.connectionPool().connectTimeout().toMillis());
    int tryMillis = attempt.timeoutNanos() > 0
        ? (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(attempt.timeoutNanos()))) : 0;
    if (tryMillis > 0) {
      // OkHttp bounds connect, write and each read separately; together they bound the try until headers.
      c = c.withConnectTimeout(Math.min(tryMillis, connectMillis), TimeUnit.MILLISECONDS)
          .withWriteTimeout(tryMillis, TimeUnit.MILLISECONDS)
          .withReadTimeout(tryMillis, TimeUnit.MILLISECONDS);
    } else if (c.connectTimeoutMillis() != connectMillis) {
      c = c.withConnectTimeout(connectMillis, TimeUnit.MILLISECONDS);
    }
    // The URL keeps a host name and a per-endpoint Dns answers it with the endpoint's address: no URL
    // host rewriting per call (costly in OkHttp), and OkHttp pools connections per endpoint.
    c = c.withDns(connections.dns(attempt.endpoint()));
    ClusterPolicy.Tls tls = policy.tls();
    if (tls != null) {
      c = c.withSslSocketFactory(tls.sslSocketFactory(), tls.trustManager()).withHostnameVerifier(tls.hostnameVerifier());
    }
    okhttp3.ConnectionPool pool = connections.pool(attempt.cluster());
    if (pool != null) {
      c = c.withConnectionPool(pool);
    }
    return new OkHttpUpstream(c.proceed(upstreamRequest(attempt)));
  }

  @Override
  public boolean mirror(Attempt attempt) throws IOException {
    OkHttpClient client = connections.mirrorClient(mirrorClient, attempt.cluster(), attempt.endpoint());
    okhttp3.Call call = client.newCall(upstreamRequest(attempt));
    call.timeout().timeout(attempt.timeoutNanos(), TimeUnit.NANOSECONDS);
    try (Response ignored = call.execute()) {
      return true;
    }
  }

  /** The request for one try: the endpoint's port, the rewritten path, the logical (or rewritten) Host, mesh headers. */
  Request upstreamRequest(Attempt attempt) throws IOException {
    UpstreamEndpoint endpoint = attempt.endpoint();
    if (endpoint.address().startsWith("unix://")) {
      throw new java.net.ConnectException("the OkHttp adapter does not connect to unix sockets: " + endpoint.address());
    }
    ClusterPolicy policy = attempt.cluster().policy();
    HttpUrl url = original.url();
    String path = attempt.decision().path();
    if (policy.tls() != null) {
      // TLS connects by the service's name, so that SNI and certificate checks see the name rather than
      // the endpoint's IP. The attempt's cluster, not the route's: a mirror goes to its own service.
      url = url.newBuilder().scheme("https").host(attempt.cluster().key().host()).port(endpoint.port())
          .encodedPath(path).build();
    } else if (url.port() != endpoint.port() || !path.equals(url.encodedPath())) {
      HttpUrl.Builder b = url.newBuilder().port(endpoint.port());
      if (!path.equals(url.encodedPath())) {
        b.encodedPath(path);
      }
      url = b.build();
    }
    Request.Builder b = original.newBuilder().url(url).header("Host", attempt.authority());
    attempt.applyHeaders(Requests.sink(b));
    if (policy.connectionPool().maxRequestsPerConnection() == 1) {
      b.header("Connection", "close");
    }
    return b.build();
  }

  @Override
  public boolean replayable() {
    RequestBody body = original.body();
    return body == null || !body.isOneShot();
  }

  @Override
  public boolean cancelled() {
    return chain.call().isCanceled();
  }

  @Override
  public FailureKind classify(IOException e) {
    if (e instanceof StreamResetException reset) {
      return reset.errorCode == ErrorCode.REFUSED_STREAM ? FailureKind.REFUSED_STREAM : FailureKind.RESET;
    }
    return Transport.super.classify(e);
  }

  /** Request body bytes, when known. */
  public long requestBytes() {
    try {
      RequestBody body = original.body();
      return body == null ? 0 : Math.max(0, body.contentLength());
    } catch (IOException e) {
      return 0;
    }
  }

  /** An OkHttp response as the invoker sees it. */
  record OkHttpUpstream(Response response) implements UpstreamResponse {
    @Override
    public int status() {
      return response.code();
    }

    @Override
    public String header(String name) {
      return response.header(name);
    }

    @Override
    public void close() {
      response.close();
    }
  }
}
