package io.meshlet.telemetry.internal;

import io.meshlet.telemetry.RequestRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request through SLF4J logger {@code io.meshlet.accesslog}, in Envoy's default
 * access-log format:
 *
 * <pre>
 * [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
 * %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%"
 * "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
 * </pre>
 *
 * (one line; wrapped here). As in Envoy, {@code BYTES_RECEIVED} is the request body and
 * {@code BYTES_SENT} the response body; missing values print as {@code -}.
 */
public final class AccessLog {
  static final Logger LOG = LoggerFactory.getLogger("io.meshlet.accesslog");
  private static final DateTimeFormatter START_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AccessLog() {}

  /** Logs {@code r} at INFO. */
  public static void log(RequestRecord r) {
    if (LOG.isInfoEnabled()) {
      LOG.info(format(r));
    }
  }

  /** The access-log line for {@code r}. */
  public static String format(RequestRecord r) {
    return "[" + START_TIME.format(Instant.ofEpochMilli(r.startMillis())) + "] \""
        + r.method() + " " + r.path() + " " + r.protocol() + "\" "
        + r.responseCode() + " " + r.responseFlags() + " "
        + r.requestBytes() + " " + r.responseBytes() + " "
        + r.durationNanos() / 1_000_000 + " "
        + (r.upstreamServiceTimeMillis() >= 0 ? Long.toString(r.upstreamServiceTimeMillis()) : "-") + " "
        + quoted(r.forwardedFor()) + " " + quoted(r.userAgent()) + " " + quoted(r.requestId()) + " "
        + quoted(r.authority()) + " " + quoted(r.upstreamHost());
  }

  private static String quoted(String value) {
    return "\"" + (value == null ? "-" : value) + "\"";
  }
}
