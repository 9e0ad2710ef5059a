package io.meshlet.resilience;

import java.io.IOException;

/** The caller cancelled the call: pending delays, back-offs and retries were abandoned. */
public final class CallCancelledException extends IOException {
  private static final long serialVersionUID = 1L;

  public CallCancelledException() {
    super("Canceled");
  }
}
