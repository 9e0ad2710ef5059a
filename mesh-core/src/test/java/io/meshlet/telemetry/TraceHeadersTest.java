package io.meshlet.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

  @Test
  void requestIdsAreVersion4UuidsAndDistinct() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = TraceHeaders.newRequestId();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void mirroredTraceparentIsNotSampled() {
    assertThat(TraceHeaders.unsampledTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");
    assertThat(TraceHeaders.unsampledTraceparent("garbage")).isEqualTo("garbage");
  }

  @Test
  void mirroredB3IsNotSampled() {
    assertThat(TraceHeaders.unsampledB3("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90"))
        .isEqualTo("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-0-05e3ac9a4f6e3b90");
    assertThat(TraceHeaders.unsampledB3("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1"))
        .isEqualTo("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-0");
    assertThat(TraceHeaders.unsampledB3("1")).isEqualTo("0");
  }
}
