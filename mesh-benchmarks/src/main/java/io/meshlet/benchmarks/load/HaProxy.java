package io.meshlet.benchmarks.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One HAProxy process on loopback, the sidecar stand-in of set-ups (c) and (d). The configuration
 * is written into a temporary directory and HAProxy runs in the foreground as a child process, so
 * it is stopped with the benchmark.
 *
 * <p>Tuning, and why:
 * <ul>
 *   <li>{@code mode http}: like a sidecar, the proxy parses and forwards each request (an L7 hop,
 *       not a TCP splice).
 *   <li>Keep-alive on both sides, {@code http-reuse always}: like Envoy's upstream connection pool,
 *       a request does not pay for a new upstream connection.
 *   <li>{@code nbthread 1}: two cores are shared by the client, the server and up to two proxies;
 *       one event-loop thread per proxy avoids threads fighting over them, and one thread of
 *       HAProxy serves far more than this benchmark's request rate. (Istio's sidecar runs two
 *       worker threads by default; the report shows each proxy's CPU time, so a saturated proxy
 *       would be visible.)
 *   <li>Idle timeouts of 10 minutes: set-ups take turns, and a connection idle while the others
 *       run should still be there when its turn comes back.
 *   <li>No logging: a log line per request would cost more than the hop being measured.
 * </ul>
 */
final class HaProxy implements AutoCloseable {
  private final Process process;
  private final int port;

  private HaProxy(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The port of its first frontend. */
  int port() {
    return port;
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /** The {@code global} and {@code defaults} sections shared by every configuration. */
  static String preamble() {
    return """
        global
            nbthread 1
            maxconn 4096
        defaults
            mode http
            option http-keep-alive
            http-reuse always
            timeout connect 2s
            timeout client 10m
            timeout server 10m
            timeout http-keep-alive 10m
        """;
  }

  /** One frontend on {@code port} balancing round robin over {@code backends}. */
  static String roundRobin(int port, List<Integer> backends) {
    StringBuilder c = new StringBuilder(preamble());
    c.append("frontend in\n    bind 127.0.0.1:").append(port).append("\n    default_backend endpoints\n")
        .append("backend endpoints\n    balance roundrobin\n");
    for (int i = 0; i < backends.size(); i++) {
      c.append("    server e").append(i).append(" 127.0.0.1:").append(backends.get(i)).append('\n');
    }
    return c.toString();
  }

  /**
   * One frontend per endpoint, each forwarding to its endpoint only: the server-side sidecars of
   * three pods, in one process.
   */
  static String sidecars(List<Integer> frontPorts, List<Integer> endpoints) {
    StringBuilder c = new StringBuilder(preamble());
    for (int i = 0; i < frontPorts.size(); i++) {
      c.append("frontend in").append(i).append("\n    bind 127.0.0.1:").append(frontPorts.get(i))
          .append("\n    default_backend app").append(i).append('\n')
          .append("backend app").append(i).append("\n    server e").append(i).append(" 127.0.0.1:")
          .append(endpoints.get(i)).append('\n');
    }
    return c.toString();
  }

  /** Writes {@code config} into {@code dir} as {@code name.cfg} and starts HAProxy on it. */
  static HaProxy start(String binary, Path dir, String name, String config, int port) throws IOException {
    Path file = dir.resolve(name + ".cfg");
    Files.writeString(file, config);
    // -db: stay in the foreground, so the process we hold is the proxy itself.
    Process process = new ProcessBuilder(binary, "-db", "-f", file.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
    HaProxy proxy = new HaProxy(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!accepts(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        proxy.close();
        throw new IOException(binary + " did not start; see " + dir.resolve(name + ".log") + ":\n"
            + Files.readString(dir.resolve(name + ".log")));
      }
      try {
        Thread.sleep(20); // polling a port that is about to open
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting " + binary, e);
      }
    }
    return proxy;
  }

  /** A port that was free a moment ago; HAProxy binds it right after. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: HAProxy stops at once
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
