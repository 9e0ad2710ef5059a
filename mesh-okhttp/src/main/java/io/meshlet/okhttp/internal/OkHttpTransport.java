package io.meshlet.okhttp.internal;

import io.meshlet.cluster.ClusterPolicy;
import io.meshlet.cluster.UpstreamEndpoint;
import io.meshlet.resilience.Attempt;
import io.meshlet.resilience.FailureKind;
import io.meshlet.resilience.Transport;
import io.meshlet.resilience.UpstreamResponse;
import java.io.IOException;
import java.net.Proxy;
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
  private final UpstreamConnections connections;
  /** The endpoint and URL port of this call's previous try; see {@link #urlPort}. */
  private String previousEndpoint;
  private int previousPort;

  public OkHttpTransport(Interceptor.Chain chain, UpstreamConnections connections) {
    this.chain = chain;
    this.original = chain.request();
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
    // The URL keeps the caller's host; the endpoint is reached through the chain's Dns (and socket factory
    // when its port differs from the URL's), directly: a proxy would resolve the name itself.
    Request upstream = upstreamRequest(attempt);
    EndpointSockets route = connections.sockets(attempt.endpoint());
    c = c.withDns(route);
    if (route.port() != upstream.url().port()) {
      c = c.withSocketFactory(route); // pools stay per endpoint either way: OkHttp pools by Dns, not socket factory
    }
    if (c.getProxy() != Proxy.NO_PROXY) {
      c = c.withProxy(Proxy.NO_PROXY);
    }
    ClusterPolicy.Tls tls = policy.tls();
    if (tls != null) {
      c = c.withSslSocketFactory(tls.sslSocketFactory(), tls.trustManager()).withHostnameVerifier(tls.hostnameVerifier());
    }
    okhttp3.ConnectionPool pool = connections.pool(attempt.cluster());
    if (pool != null) {
      c = c.withConnectionPool(pool);
    }
    return new OkHttpUpstream(c.proceed(upstream));
  }

  @Override
  public boolean mirror(Attempt attempt) throws IOException {
    OkHttpClient client = connections.mirrorClient(attempt.cluster(), attempt.endpoint());
    okhttp3.Call call = client.newCall(upstreamRequest(attempt));
    call.timeout().timeout(attempt.timeoutNanos(), TimeUnit.NANOSECONDS);
    call.execute().close(); // a mirror's answer is not read
    return true;
  }

  /** The request for one try: the rewritten path, the logical (or rewritten) Host, the mesh's headers. */
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
      url = url.newBuilder().scheme("https").host(attempt.cluster().key().host())
          .port(urlPort(attempt, endpoint.port())).encodedPath(path).build();
    } else {
      int port = urlPort(attempt, url.port());
      if (port != url.port()) {
        url = url.newBuilder().port(port).encodedPath(path).build();
      } else if (path != attempt.request().path() && !path.equals(url.encodedPath())) { // same instance: not rewritten
        url = url.newBuilder().encodedPath(path).build();
      }
    }
    Request.Builder b = original.newBuilder();
    if (url != original.url() || attempt.authorityRewritten()) {
      // Otherwise the caller's URL (or its own Host header) already gives OkHttp the caller's authority.
      b.url(url).header("Host", attempt.authority());
    }
    attempt.applyHeaders(Requests.sink(b));
    if (policy.connectionPool().maxRequestsPerConnection() == 1) {
      b.header("Connection", "close");
    }
    return b.build();
  }

  /**
   * The port a try names in its URL: {@code port}, unless the previous try of this call went to
   * another endpoint under the same URL host and port. OkHttp hands a call's next exchange the
   * connection of its previous one when host and port match, whatever the Dns; the next port up keeps
   * the URL's host (the service's name, which cookies, SNI and certificate checks see) and still
   * reaches the right endpoint, as the endpoint's socket factory connects to the endpoint's own port.
   */
  private int urlPort(Attempt attempt, int port) {
    String endpoint = attempt.endpoint().authority();
    if (!attempt.mirror()) { // mirrors go through clients of their own
      if (previousEndpoint != null && !previousEndpoint.equals(endpoint) && previousPort == port) {
        port = port == 65535 ? 1 : port + 1;
      }
      previousEndpoint = endpoint;
      previousPort = port;
    }
    return port;
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
