package io.meshlet.okhttp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** MockWebServer dispatchers for tests: fixed answers, scripted answers, and a log of what arrived. */
final class Servers {
  private Servers() {}

  /**
   * A MockWebServer whose connections send without Nagle's delay. MockWebServer writes a response in
   * several small flushes; with Nagle on the server and delayed ACKs on the client, each response
   * would wait about 40 ms on Linux loopback.
   */
  static MockWebServer server() {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    return server;
  }

  /**
   * Starts {@code first} on 127.0.0.1 and {@code second} on 127.0.0.2 at the same port: two endpoints
   * that a URL's host and port cannot tell apart.
   */
  static void startOnOnePort(MockWebServer first, MockWebServer second) throws IOException {
    first.start(InetAddress.getByName("127.0.0.1"), 0);
    second.start(InetAddress.getByName("127.0.0.2"), first.getPort());
  }

  /**
   * A STATIC ServiceEntry for {@code host} on port 9080 whose endpoints are 127.0.0.1 and 127.0.0.2
   * at {@code port} (see {@link #startOnOnePort}), ending with a document separator.
   */
  static String twoAddressEntry(String host, int port) {
    return """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: reviews, namespace: default}
        spec:
          hosts: [%1$s]
          location: MESH_INTERNAL
          ports: [{number: 9080, name: http, protocol: HTTP}]
          resolution: STATIC
          endpoints:
          - {address: 127.0.0.1, ports: {http: %2$d}}
          - {address: 127.0.0.2, ports: {http: %2$d}}
        ---
        """.formatted(host, port);
  }

  private static final class NoDelayServerSocketFactory extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override
        public Socket accept() throws IOException {
          Socket socket = super.accept();
          socket.setTcpNoDelay(true);
          return socket;
        }
      };
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      throw new UnsupportedOperationException();
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      throw new UnsupportedOperationException();
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
      throw new UnsupportedOperationException();
    }
  }

  /** Answers every request with {@code response}. */
  static Dispatcher always(MockResponse response) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return response;
      }
    };
  }

  /** Answers 200 with {@code body} to every request. */
  static Dispatcher ok(String body) {
    return always(new MockResponse.Builder().body(body).build());
  }

  /** Answers with a status and no body. */
  static Dispatcher status(int code) {
    return always(new MockResponse.Builder().code(code).build());
  }

  /** Answers each request as {@code answer} says, and keeps the requests (with their arrival time) in {@link Log}. */
  static Log log(Function<RecordedRequest, MockResponse> answer) {
    return new Log(answer);
  }

  /** A dispatcher that remembers every request it answered. */
  static final class Log extends Dispatcher {
    private final Function<RecordedRequest, MockResponse> answer;
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final List<Long> arrivals = new CopyOnWriteArrayList<>();

    Log(Function<RecordedRequest, MockResponse> answer) {
      this.answer = answer;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      arrivals.add(System.nanoTime());
      requests.add(request);
      return answer.apply(request);
    }

    int count() {
      return requests.size();
    }

    List<String> header(String name) {
      return requests.stream().map(r -> r.getHeaders().get(name)).toList();
    }
  }
}
