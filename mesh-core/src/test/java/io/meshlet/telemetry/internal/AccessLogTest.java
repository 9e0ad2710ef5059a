package io.meshlet.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.ResponseFlag;
import io.meshlet.cluster.ClusterKey;
import io.meshlet.telemetry.RequestRecord;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessLogTest {

  @Test
  void envoysDefaultFormat() {
    RequestRecord r = new RequestRecord(1_460_751_420_310L, 57_000_000L, "GET", "/reviews/1?x=1", "HTTP/1.1",
        "reviews:9080", "a1b2", "curl/8", null, 503,
        Set.of(ResponseFlag.UPSTREAM_RETRY_LIMIT_EXCEEDED, ResponseFlag.NO_HEALTHY_UPSTREAM), 0, 19,
        RequestRecord.Destination.unknown("unknown"), new TestEndpoint("10.0.0.7", 9080),
        new ClusterKey("reviews", "", 9080), null, false, null, 41);
    assertThat(AccessLog.format(r)).isEqualTo(
        "[2016-04-15T20:17:00.310Z] \"GET /reviews/1?x=1 HTTP/1.1\" 503 UH,URX 0 19 57 41 \"-\" \"curl/8\" \"a1b2\" "
            + "\"reviews:9080\" \"10.0.0.7:9080\"");
  }

  @Test
  void upstreamClusterIsEnvoysNameOrThePassthroughCluster() {
    assertThat(record(new ClusterKey("reviews.default.svc.cluster.local", "v1", 9080), "reviews").upstreamCluster())
        .isEqualTo("outbound|9080|v1|reviews.default.svc.cluster.local");
    assertThat(record(null, "PassthroughCluster").upstreamCluster()).isEqualTo("PassthroughCluster");
    assertThat(record(null, "unknown").upstreamCluster()).isNull();
  }

  private static RequestRecord record(ClusterKey cluster, String service) {
    return new RequestRecord(0, 0, "GET", "/", "HTTP/1.1", "a", "id", null, null, 200, Set.of(), 0, 0,
        RequestRecord.Destination.unknown(service), null, cluster, null, false, null, -1);
  }
}
