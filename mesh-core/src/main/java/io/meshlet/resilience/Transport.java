package io.meshlet.resilience;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The adapter's side of one call: sends attempts with its HTTP library. An adapter creates one per
 * outbound call (it knows that call's body and cancellation); the {@link Invoker} decides what to
 * send, where, how often and for how long.
 */
public interface Transport {

  /**
   * Sends one attempt to {@link Attempt#endpoint()} (or, for passthrough, to the request's own
   * address) and returns when response headers arrive. Must give up after
   * {@link Attempt#timeoutNanos()} when it is positive, with an {@link InterruptedIOException}.
   */
  UpstreamResponse send(Attempt attempt) throws IOException;

  /**
   * Sends a mirrored copy, on a mirror thread, fire-and-forget: the response is closed unread.
   * The default does not mirror (returns false), for adapters that cannot send off-thread.
   */
  default boolean mirror(Attempt attempt) throws IOException {
    return false;
  }

  /** True when the request body can be sent again (retries, mirrors); false for one-shot bodies. */
  default boolean replayable() {
    return true;
  }

  /** True once the caller has cancelled the call: pending delays, back-offs and retries stop. */
  default boolean cancelled() {
    return false;
  }

  /** Maps an I/O failure of {@link #send} to Envoy's terms; adapters refine it for their library. */
  default FailureKind classify(IOException e) {
    if (e instanceof UnknownHostException) {
      return FailureKind.DNS_FAILURE;
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException
        || e instanceof PortUnreachableException) {
      return FailureKind.CONNECT_FAILURE;
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      return message.contains("connect") ? FailureKind.CONNECT_FAILURE : FailureKind.TIMEOUT;
    }
    if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException) {
      // Envoy counts a failed TLS handshake (untrusted or mismatched certificate) as a connect failure: UF.
      return FailureKind.CONNECT_FAILURE;
    }
    return FailureKind.RESET;
  }
}
