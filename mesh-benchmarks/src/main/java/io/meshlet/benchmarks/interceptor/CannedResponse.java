package io.meshlet.benchmarks.interceptor;

import java.nio.charset.StandardCharsets;
import io.meshlet.okhttp.internal.EndpointSockets;
import javax.net.SocketFactory;
import okhttp3.Dns;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The in-memory transport of {@link InterceptorBenchmark}: the last application interceptor,
 * answering every request itself, never calling {@code chain.proceed}, so OkHttp opens no socket.
 * It remembers the last request it saw, its Dns, socket factory and read timeout, for the smoke test to check what
 * Meshlet sent; the benchmark's single thread makes plain fields enough.
 */
public final class CannedResponse implements Interceptor {
  /** The body of every answer: 128 bytes. */
  public static final byte[] BODY = "0123456789abcdef".repeat(8).getBytes(StandardCharsets.US_ASCII);

  private static final MediaType TEXT = MediaType.get("text/plain");

  private final int status;
  private Request lastRequest;
  private Dns lastDns;
  private SocketFactory lastSockets;
  private int lastReadTimeoutMillis;
  private long calls;

  /** Answers with {@code status} and {@link #BODY}. */
  public CannedResponse(int status) {
    this.status = status;
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    lastRequest = request;
    lastDns = chain.getDns();
    lastSockets = chain.getSocketFactory();
    lastReadTimeoutMillis = chain.readTimeoutMillis();
    calls++;
    return new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(status)
        .message(status == 200 ? "OK" : "Canned").body(ResponseBody.create(BODY, TEXT)).build();
  }

  /** The request the last call reached this interceptor with; null before the first. */
  public Request lastRequest() {
    return lastRequest;
  }

  /** The Dns of the last call's chain. */
  public Dns lastDns() {
    return lastDns;
  }

  /** Where the last call would have connected: its URL's host resolved by its chain's Dns, which Meshlet sets. */
  public String lastAddress() throws java.net.UnknownHostException {
    return lastDns.lookup(lastRequest.url().host()).get(0).getHostAddress();
  }

  /**
   * The port the last call would have connected to: Meshlet's socket factory for the endpoint when it
   * set one, else the URL's port.
   */
  public int lastPort() {
    return lastSockets instanceof EndpointSockets endpoint ? endpoint.port() : lastRequest.url().port();
  }

  /** The read timeout of the last call's chain, in milliseconds. */
  public int lastReadTimeoutMillis() {
    return lastReadTimeoutMillis;
  }

  /** How many requests this interceptor answered. */
  public long calls() {
    return calls;
  }
}
