package io.meshlet.config.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The body of a direct response: exactly one of {@code string} and {@code bytes}; Istio limits the
 * body to 1 MB.
 *
 * @param string the body as text
 * @param bytes the body as base64 text, as protobuf JSON writes {@code bytes}
 */
public record HttpBody(String string, String bytes) {

  /** A text body. */
  public static HttpBody ofString(String text) {
    return new HttpBody(text, null);
  }

  /**
   * The body's bytes: {@code string} in UTF-8, or {@code bytes} decoded from base64.
   *
   * @throws IllegalArgumentException if {@code bytes} is not valid base64
   */
  public byte[] decoded() {
    if (string != null) {
      return string.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes == null) {
      return new byte[0];
    }
    // Protobuf JSON accepts standard and URL-safe base64, padded or not.
    return Base64.getDecoder().decode(bytes.replace('-', '+').replace('_', '/'));
  }
}
