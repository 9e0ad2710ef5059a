package io.meshlet.resilience;

/**
 * Response headers of one attempt, as an adapter's HTTP library delivered them. The body stays in
 * the adapter; {@link #close()} discards it (an attempt that will be retried is closed).
 */
public interface UpstreamResponse extends AutoCloseable {

  /** The HTTP status. */
  int status();

  /** The first value of a response header (name case-insensitive), or null. */
  String header(String name);

  /** Discards the response and its body. */
  @Override
  void close();
}
