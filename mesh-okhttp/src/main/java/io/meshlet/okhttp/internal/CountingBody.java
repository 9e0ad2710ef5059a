package io.meshlet.okhttp.internal;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

/**
 * A response body read through a counting source: it reports the bytes read so far when the body
 * ends, when a read fails and when it is closed (so possibly more than once; {@link #ended} must
 * tolerate that).
 */
public abstract class CountingBody extends ResponseBody {
  private final ResponseBody delegate;
  private final BufferedSource source;
  private long bytes;

  protected CountingBody(ResponseBody delegate) {
    this.delegate = delegate;
    this.source = Okio.buffer(counting(delegate.source()));
  }

  /** The body is done: read to its end, failed or closed, after {@code bytes} bytes. */
  protected abstract void ended(long bytes);

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() {
    return delegate.contentLength();
  }

  @Override
  public BufferedSource source() {
    return source;
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      ended(bytes);
    }
  }

  private Source counting(Source upstream) {
    return new ForwardingSource(upstream) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long read;
        try {
          read = super.read(sink, byteCount);
        } catch (IOException e) {
          ended(bytes);
          throw e;
        }
        if (read == -1) {
          ended(bytes);
        } else {
          bytes += read;
        }
        return read;
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          ended(bytes);
        }
      }
    };
  }
}
