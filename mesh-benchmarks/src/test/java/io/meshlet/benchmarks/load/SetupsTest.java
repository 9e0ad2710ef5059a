package io.meshlet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SetupsTest {
  private HttpServer server;
  private final BlockingQueue<Headers> received = new ArrayBlockingQueue<>(8);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(Setups.PATH, exchange -> {
      received.add(exchange.getRequestHeaders());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Headers send(ClientSetup setup) throws Exception {
    try (setup; Response response = setup.client().newCall(new Request.Builder().url(setup.url(0)).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    return received.poll(5, TimeUnit.SECONDS);
  }

  @Test
  void setUpHAddsEnvoysTwoRequestHeadersToSetUpA() throws Exception {
    int[] endpoints = {server.getAddress().getPort()};

    Headers direct = send(Setups.direct(endpoints, 1));
    Headers withHeaders = send(Setups.envoyHeaders(endpoints, 1));

    assertThat(direct.containsKey("x-request-id")).isFalse();
    assertThat(direct.containsKey("x-envoy-attempt-count")).isFalse();
    assertThat(UUID.fromString(withHeaders.getFirst("x-request-id")).version()).isEqualTo(4);
    assertThat(withHeaders.getFirst("x-envoy-attempt-count")).isEqualTo("1");
  }

  @Test
  void setUpsFAndRReachTheEndpointsWithEnvoysHeaders() throws Exception {
    int[] endpoints = {server.getAddress().getPort()};

    for (ClientSetup setup : List.of(Setups.adapterFloor(endpoints, 1), Setups.responseFloor(endpoints, 1))) {
      Headers floor = send(setup);

      assertThat(UUID.fromString(floor.getFirst("x-request-id")).version()).isEqualTo(4);
      assertThat(floor.getFirst("x-envoy-attempt-count")).isEqualTo("1");
    }
  }
}
