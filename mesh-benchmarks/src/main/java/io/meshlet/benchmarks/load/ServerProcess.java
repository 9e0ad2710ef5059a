package io.meshlet.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link EndpointServer} in a JVM of its own, started with this JVM's {@code java} and class path.
 * A separate process keeps the server's CPU time, GC and JIT out of the client's measurements.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int[] ports;

  private ServerProcess(Process process, int[] ports) {
    this.process = process;
    this.ports = ports;
  }

  static ServerProcess start(int payloadBytes, int threads) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java,
        // A fixed, small heap: the server allocates almost nothing per request.
        "-Xms256m", "-Xmx256m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"),
        EndpointServer.class.getName(),
        "--payload", Integer.toString(payloadBytes), "--threads", Integer.toString(threads)));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String ready;
    try {
      ready = line.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("endpoint server did not start: " + e, e);
    }
    if (ready == null || !ready.startsWith("LISTENING ")) {
      process.destroyForcibly();
      throw new IOException("endpoint server did not start; it printed: " + ready);
    }
    int[] ports = Arrays.stream(ready.substring("LISTENING ".length()).trim().split(" "))
        .mapToInt(Integer::parseInt).toArray();
    return new ServerProcess(process, ports);
  }

  int[] ports() {
    return ports.clone();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close(); // EOF on its stdin: the server's signal to exit
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
