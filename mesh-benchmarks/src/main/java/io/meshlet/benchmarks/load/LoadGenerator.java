package io.meshlet.benchmarks.load;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: {@code concurrency} threads, each sending its next request as
 * soon as the previous one completes, for a warm-up and then a measured window. Every latency of
 * the window goes into a per-thread {@link Histogram} (nanoseconds), merged at the end.
 *
 * <p>Closed loop is the right model for comparing hops: a slower hop shows up both as higher
 * latency and as lower throughput at the same concurrency, and the client never queues requests
 * it cannot send. It does not measure coordinated omission; an open-loop rate test would.
 */
final class LoadGenerator {
  /** Highest latency a histogram records: a minute, far above any loopback request. */
  static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

  private static final int WARMING = 0;
  private static final int MEASURING = 1;
  private static final int STOPPED = 2;

  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final int concurrency;
  private final int payloadBytes;

  LoadGenerator(int concurrency, int payloadBytes) {
    this.concurrency = concurrency;
    this.payloadBytes = payloadBytes;
  }

  /** What one run of one set-up measured, over its measured window only. */
  record Window(Histogram latencies, long errors, long elapsedNanos, long clientCpuNanos, long clientJitNanos,
      long serverCpuNanos, long proxyCpuNanos) {

    long requests() {
      return latencies.getTotalCount();
    }
  }

  /**
   * Runs {@code setup} for {@code warmup}, then measures for {@code duration}.
   *
   * @param server the endpoint server process, whose CPU time is reported beside the client's
   */
  Window run(ClientSetup setup, ProcessHandle server, Duration warmup, Duration duration) throws InterruptedException {
    Worker[] workers = new Worker[concurrency];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      workers[i] = new Worker(setup, i, payloadBytes);
      Thread t = new Thread(workers[i], "load-" + setup.key() + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    Thread.sleep(warmup.toMillis()); // the run's clock: warm-up, then the window

    long cpu0 = os.getProcessCpuTime();
    long jit0 = jitMillis();
    long server0 = cpuNanos(List.of(server));
    long proxy0 = cpuNanos(setup.processes());
    long t0 = System.nanoTime();
    for (Worker w : workers) {
      w.phase = MEASURING;
    }
    Thread.sleep(duration.toMillis());
    for (Worker w : workers) {
      w.phase = STOPPED;
    }
    long elapsed = System.nanoTime() - t0;
    long cpu = os.getProcessCpuTime() - cpu0;
    long jit = TimeUnit.MILLISECONDS.toNanos(jitMillis() - jit0);
    long serverCpu = cpuNanos(List.of(server)) - server0;
    long proxyCpu = cpuNanos(setup.processes()) - proxy0;

    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(15));
    }
    Histogram all = new Histogram(HIGHEST_NANOS, 3);
    long errors = 0;
    for (Worker w : workers) {
      all.add(w.histogram);
      errors += w.errors;
    }
    return new Window(all, errors, elapsed, cpu, jit, serverCpu, proxyCpu);
  }

  /** Time the JIT compilers have spent in this JVM so far, in milliseconds (0 where the JVM does not say). */
  private static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  /** Total CPU time of processes, as the OS reports it (clock-tick resolution on Linux). */
  static long cpuNanos(List<ProcessHandle> processes) {
    long sum = 0;
    for (ProcessHandle p : processes) {
      sum += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
    return sum;
  }

  /** One closed-loop client thread. */
  private static final class Worker implements Runnable {
    final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    final OkHttpClient client;
    final Request[] requests;
    final int payloadBytes;
    int next;
    long errors;
    volatile int phase = WARMING;

    Worker(ClientSetup setup, int index, int payloadBytes) {
      this.client = setup.client();
      this.requests = new Request[setup.urls()];
      for (int i = 0; i < requests.length; i++) {
        requests[i] = new Request.Builder().url(setup.url(i)).build();
      }
      this.next = index % requests.length; // workers start spread over the URLs
      this.payloadBytes = payloadBytes;
    }

    @Override
    public void run() {
      int p;
      while ((p = phase) != STOPPED) {
        Request request = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        long start = System.nanoTime();
        boolean ok = send(request);
        long latency = System.nanoTime() - start;
        if (p == MEASURING && phase == MEASURING) {
          if (ok) {
            histogram.recordValue(Math.min(latency, HIGHEST_NANOS));
          } else {
            errors++;
          }
        }
      }
    }

    /** Sends one request and reads the whole body; false for an error or an unexpected answer. */
    private boolean send(Request request) {
      Call call = client.newCall(request);
      try (Response response = call.execute()) {
        ResponseBody body = response.body();
        return response.code() == 200 && body.bytes().length == payloadBytes;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
