package io.meshlet.okhttp.internal;

import io.meshlet.resilience.Exchange;
import io.meshlet.route.HeaderSink;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Turns an {@link Exchange} into an OkHttp {@link Response} whose body completes the exchange when done. */
public final class Responses {
  private Responses() {}

  public static Response toResponse(Exchange exchange, Request request, OkHttpTransport transport) {
    if (exchange.isLocal()) {
      Response.Builder b = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1)
          .code(exchange.status()).message(reason(exchange.status()));
      for (Map.Entry<String, String> h : exchange.localHeaders().entrySet()) {
        b.header(h.getKey(), h.getValue());
      }
      exchange.applyResponseHeaders(sink(b));
      String contentType = exchange.localHeaders().get("content-type");
      byte[] body = exchange.localBody();
      b.body(ResponseBody.create(body, contentType == null ? null : MediaType.parse(contentType)));
      Response response = b.build();
      exchange.complete(transport.requestBytes(), body.length);
      return response;
    }
    Response upstream = ((OkHttpTransport.OkHttpUpstream) exchange.upstream()).response();
    // The caller sees its own request, not the endpoint's address (networkResponse keeps that).
    Response.Builder b = upstream.newBuilder().request(request);
    exchange.applyResponseHeaders(sink(b));
    b.body(new CompletingBody(upstream.body(), exchange, transport.requestBytes()));
    return b.build();
  }

  private static HeaderSink sink(Response.Builder b) {
    return new BuilderSink(null, b);
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }

  /** The upstream body, counting bytes, completing the exchange at its end or when closed. */
  private static final class CompletingBody extends CountingBody {
    private final Exchange exchange;
    private final long requestBytes;

    CompletingBody(ResponseBody delegate, Exchange exchange, long requestBytes) {
      super(delegate);
      this.exchange = exchange;
      this.requestBytes = requestBytes;
    }

    @Override
    protected void ended(long bytes) {
      exchange.complete(requestBytes, bytes);
    }
  }
}
