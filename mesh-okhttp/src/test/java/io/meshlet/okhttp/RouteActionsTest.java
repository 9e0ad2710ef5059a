package io.meshlet.okhttp;

import static io.meshlet.okhttp.MeshTestRule.get;
import static io.meshlet.okhttp.MeshTestRule.serviceEntry;
import static io.meshlet.okhttp.MeshTestRule.virtualService;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a route does to a call besides choosing its endpoint: redirects, direct responses, rewrites, headers. */
class RouteActionsTest {
  @RegisterExtension
  final MeshTestRule rule = new MeshTestRule();

  @StartStop
  final MockWebServer server = Servers.server();

  private Servers.Log log;

  @BeforeEach
  void answer() {
    log = Servers.log(r -> new MockResponse.Builder().addHeader("x-server", "mock").body("upstream").build());
    server.setDispatcher(log);
  }

  private OkHttpClient client(String route) {
    return rule.client(rule.mesh(serviceEntry("reviews", server) + virtualService("reviews", route)));
  }

  @Test
  void redirectIsAnsweredLocallyAndNotFollowedInsideTheMesh() throws IOException {
    OkHttpClient client = client("""
        redirect: {uri: /v2/reviews, authority: ratings:9080, redirectCode: 301}
        """);
    MeshTestRule.Result r = get(client, "http://reviews:9080/reviews/1");
    assertThat(r.code()).isEqualTo(301);
    assertThat(r.header("location")).isEqualTo("http://ratings:9080/v2/reviews");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void upstreamRelativeRedirectIsFollowedByOkHttpToTheSameEndpoint() throws IOException {
    server.setDispatcher(log = Servers.log(r -> r.getTarget().equals("/old")
        ? new MockResponse.Builder().code(302).addHeader("Location", "/new").build()
        : new MockResponse.Builder().body("new").build()));
    OkHttpClient client = client("route: [{destination: {host: reviews}}]");
    assertThat(get(client, "http://reviews:9080/old").body()).isEqualTo("new");
    assertThat(log.requests).extracting(RecordedRequest::getTarget).containsExactly("/old", "/new");
    assertThat(log.requests.get(1).getHeaders().get("Host")).isEqualTo("reviews:9080");
  }

  @Test
  void directResponseIsAnsweredLocally() throws IOException {
    OkHttpClient client = client("""
        directResponse: {status: 418, body: {string: "short and stout"}}
        """);
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(r.code()).isEqualTo(418);
    assertThat(r.body()).isEqualTo("short and stout");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void rewriteOfPathAndAuthorityIsWhatTheServerSees() throws Exception {
    OkHttpClient client = client("""
        match: [{uri: {prefix: /api/v1}}]
        rewrite: {uri: /v2, authority: reviews-internal:8080}
        route: [{destination: {host: reviews}}]
        """);
    assertThat(get(client, "http://reviews:9080/api/v1/items?page=2").body()).isEqualTo("upstream");
    RecordedRequest recorded = log.requests.get(0);
    assertThat(recorded.getTarget()).isEqualTo("/v2/items?page=2");
    assertThat(recorded.getHeaders().get("Host")).isEqualTo("reviews-internal:8080");
    assertThat(rule.lastRecord().path()).as("telemetry keeps the original path").isEqualTo("/api/v1/items?page=2");
  }

  @Test
  void requestAndResponseHeaderOperationsApply() throws Exception {
    OkHttpClient client = client("""
        route: [{destination: {host: reviews}}]
        headers:
          request:
            set: {x-set: mesh}
            add: {x-add: added}
            remove: [x-secret]
          response:
            set: {x-served-by: mesh}
            remove: [x-server]
        """);
    MeshTestRule.Result r = MeshTestRule.call(client, new Request.Builder().url("http://reviews:9080/")
        .header("x-set", "caller").header("x-add", "caller").header("x-secret", "s3cr3t").build());
    RecordedRequest recorded = log.requests.get(0);
    assertThat(recorded.getHeaders().values("x-set")).containsExactly("mesh");
    assertThat(recorded.getHeaders().values("x-add")).containsExactly("caller", "added");
    assertThat(recorded.getHeaders().get("x-secret")).isNull();
    assertThat(r.header("x-served-by")).isEqualTo("mesh");
    assertThat(r.header("x-server")).isNull();
  }

  @Test
  void destinationHeaderOperationsApplyToTheirDestination() throws Exception {
    OkHttpClient client = client("""
        route:
        - destination: {host: reviews}
          headers:
            request: {set: {x-destination: reviews}}
            response: {add: {x-destination: reviews}}
        """);
    MeshTestRule.Result r = get(client, "http://reviews:9080/");
    assertThat(log.requests.get(0).getHeaders().get("x-destination")).isEqualTo("reviews");
    assertThat(r.header("x-destination")).isEqualTo("reviews");
  }
}
