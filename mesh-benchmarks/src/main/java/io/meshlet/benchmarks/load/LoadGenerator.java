package io.meshlet.benchmarks.load;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.HdrHistogram.Histogram;

/**
 * A load generator with {@code concurrency} threads, for a warm-up and then a measured window.
 * Every latency of the window goes into a per-thread {@link Histogram} (nanoseconds), merged at the
 * end. Two models:
 *
 * <ul>
 *   <li>closed loop (rate 0): each thread sends its next request as soon as the previous one
 *       completes. This finds the highest throughput and the CPU per request at saturation; a
 *       slower hop shows up as lower throughput and, since every thread is always waiting, as
 *       latency that grows with 1/throughput (Little's law), not as its own added time;
 *   <li>fixed rate (open loop): the threads share {@code rate} requests per second, each on its
 *       own schedule, offset evenly. A request that comes due while its thread still waits for the
 *       previous answer is timed from when it came due, so a stall counts against every request it
 *       delays (no coordinated omission). Below saturation this measures what a hop adds to each
 *       request, the way Istio's published figures are measured (1,000 requests per second).
 * </ul>
 *
 * <p>{@link #together} runs several set-ups at the same time, each with its own threads and
 * schedule, so that they meet the same machine conditions: on a shared machine whose load changes
 * from second to second, that is what makes their tail latencies comparable. (Threads shared by the
 * set-ups would not do: a request made late by another set-up's slow answer would count that wait
 * against the wrong set-up.) {@link #turns} is the closed loop's counterpart: set-ups one at a time,
 * in turns of a second or so, so that each meets the machine as it is in that stretch of the run
 * while its throughput and CPU time stay its own.
 */
final class LoadGenerator {
  /** Highest latency a histogram records: a minute, far above any loopback request. */
  static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

  private static final int WARMING = 0;
  private static final int MEASURING = 1;
  private static final int STOPPED = 2;
  /** Waiting for its set-up's next turn ({@link #turns}). */
  private static final int PAUSED = 3;

  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final int concurrency;
  private final int payloadBytes;
  private final int rate;

  /** A closed-loop generator. */
  LoadGenerator(int concurrency, int payloadBytes) {
    this(concurrency, payloadBytes, 0);
  }

  /** A generator at {@code rate} requests per second per set-up, over its threads; closed loop when 0. */
  LoadGenerator(int concurrency, int payloadBytes, int rate) {
    this.concurrency = concurrency;
    this.payloadBytes = payloadBytes;
    this.rate = rate;
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
    return together(List.of(setup), server, warmup, duration).get(0);
  }

  /**
   * Runs {@code setups} at the same time, {@code concurrency} threads each, and returns one window
   * per set-up with its own latencies and errors. At a fixed rate the threads' schedules are offset
   * evenly across all set-ups. CPU times are the whole run's, in every window: they cannot be told
   * apart per set-up.
   */
  List<Window> together(List<ClientSetup> setups, ProcessHandle server, Duration warmup, Duration duration)
      throws InterruptedException {
    int n = setups.size();
    Worker[] workers = new Worker[n * concurrency];
    List<Thread> threads = new ArrayList<>();
    long interval = rate == 0 ? 0 : concurrency * 1_000_000_000L / rate; // per thread
    long origin = System.nanoTime();
    List<ProcessHandle> proxies = setups.stream().flatMap(s -> s.processes().stream()).toList();
    for (int i = 0; i < concurrency; i++) {
      for (int s = 0; s < n; s++) {
        int w = s * concurrency + i;
        workers[w] = new Worker(setups.get(s), i, payloadBytes, interval,
            origin + interval * (i * n + s) / (concurrency * n));
        Thread t = new Thread(workers[w], "load-" + setups.get(s).key() + "-" + i);
        t.setDaemon(true);
        threads.add(t);
      }
    }
    threads.forEach(Thread::start);
    Thread.sleep(warmup.toMillis()); // the run's clock: warm-up, then the window

    Clocks start = clocks(server, proxies);
    for (Worker w : workers) {
      w.phase = MEASURING;
    }
    Thread.sleep(duration.toMillis());
    for (Worker w : workers) {
      w.phase = STOPPED;
    }
    Clocks measured = clocks(server, proxies).since(start);

    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(15));
    }
    List<Window> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      Worker[] group = Arrays.copyOfRange(workers, s * concurrency, (s + 1) * concurrency);
      out.add(window(group, measured));
    }
    return out;
  }

  /**
   * Closed loop for {@code setups} one at a time, taking turns: {@code turns} turns
   * each, every turn an unmeasured {@code leadIn} and then {@code turn} measured, in the given order
   * and then in reverse (a,b,c,d,d,c,b,a,a,b,...), so that a change of the machine's speed on a scale
   * of seconds meets every set-up alike. A set-up's turn ends when its last request in flight has
   * come back, so only one set-up ever sends at a time, and the client's CPU time is counted over the
   * measured part of each turn only. Returns one window per set-up, summed over its turns.
   */
  List<Window> turns(List<ClientSetup> setups, ProcessHandle server, Duration leadIn, Duration turn, int turns)
      throws InterruptedException {
    if (rate != 0) {
      throw new IllegalStateException("set-ups take turns in the closed loop only");
    }
    int n = setups.size();
    Worker[][] workers = new Worker[n][concurrency];
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < concurrency; i++) {
        Worker w = new Worker(setups.get(s), i, payloadBytes, 0, 0);
        w.phase = PAUSED;
        workers[s][i] = w;
        Thread t = new Thread(w, "load-" + setups.get(s).key() + "-" + i);
        t.setDaemon(true);
        w.thread = t;
        threads.add(t);
      }
    }
    threads.forEach(Thread::start);
    Clocks[] measured = new Clocks[n];
    Arrays.fill(measured, new Clocks(0, 0, 0, 0, 0));
    int epoch = 0;
    try {
      for (int k = 0; k < turns; k++) {
        for (int j = 0; j < n; j++) {
          int s = k % 2 == 0 ? j : n - 1 - j;
          List<ProcessHandle> proxies = setups.get(s).processes();
          resume(workers[s]);
          Thread.sleep(leadIn.toMillis());
          Clocks start = clocks(server, proxies);
          for (Worker w : workers[s]) {
            w.phase = MEASURING;
          }
          Thread.sleep(turn.toMillis());
          epoch++;
          for (Worker w : workers[s]) {
            w.pauseEpoch = epoch;
            w.phase = PAUSED;
          }
          measured[s] = measured[s].plus(clocks(server, proxies).since(start));
          awaitParked(workers[s], epoch);
        }
      }
    } finally {
      for (Worker[] group : workers) {
        for (Worker w : group) {
          w.phase = STOPPED;
          LockSupport.unpark(w.thread);
        }
      }
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(15));
      }
    }
    List<Window> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      out.add(window(workers[s], measured[s]));
    }
    return out;
  }

  /** One set-up's window: its workers' latencies and errors merged, with the times measured for it. */
  private static Window window(Worker[] group, Clocks measured) {
    Histogram all = new Histogram(HIGHEST_NANOS, 3);
    long errors = 0;
    for (Worker w : group) {
      all.add(w.histogram);
      errors += w.errors;
    }
    return new Window(all, errors, measured.nanos(), measured.cpu(), measured.jit(), measured.server(),
        measured.proxy());
  }

  /**
   * The clocks a window is measured by, in nanoseconds: elapsed time, this JVM's CPU time and its JIT
   * compilers' share, and the CPU time of the endpoint server and of the proxies.
   */
  private record Clocks(long nanos, long cpu, long jit, long server, long proxy) {
    Clocks since(Clocks start) {
      return new Clocks(nanos - start.nanos, cpu - start.cpu, jit - start.jit, server - start.server,
          proxy - start.proxy);
    }

    Clocks plus(Clocks other) {
      return new Clocks(nanos + other.nanos, cpu + other.cpu, jit + other.jit, server + other.server,
          proxy + other.proxy);
    }
  }

  /** The clocks now. */
  private Clocks clocks(ProcessHandle server, List<ProcessHandle> proxies) {
    return new Clocks(System.nanoTime(), os.getProcessCpuTime(), TimeUnit.MILLISECONDS.toNanos(jitMillis()),
        cpuNanos(List.of(server)), cpuNanos(proxies));
  }

  /** Wakes a paused set-up's workers, unmeasured until the caller says otherwise. */
  private static void resume(Worker[] group) {
    for (Worker w : group) {
      w.phase = WARMING;
      LockSupport.unpark(w.thread);
    }
  }

  /** Waits until every worker of {@code group} has parked for pause {@code epoch}: none has a request in flight. */
  private static void awaitParked(Worker[] group, int epoch) {
    for (Worker w : group) {
      while (w.parkedEpoch != epoch) {
        LockSupport.parkNanos(20_000);
      }
    }
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

  /** One client thread: closed loop, or one request every {@code interval} from {@code due}. */
  private static final class Worker implements Runnable {
    final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    final OkHttpClient client;
    final Request[] requests;
    final int payloadBytes;
    final long interval;
    long due;
    int next;
    long errors;
    volatile int phase = WARMING;
    /** For {@link #turns}: the worker's thread, the pause it is asked for, and the last pause it parked for. */
    Thread thread;
    volatile int pauseEpoch;
    volatile int parkedEpoch;

    Worker(ClientSetup setup, int index, int payloadBytes, long interval, long due) {
      this.client = setup.client();
      this.requests = new Request[setup.urls()];
      for (int i = 0; i < requests.length; i++) {
        requests[i] = new Request.Builder().url(setup.url(i)).build();
      }
      this.next = index % requests.length; // workers start spread over the URLs
      this.payloadBytes = payloadBytes;
      this.interval = interval;
      this.due = due;
    }

    @Override
    public void run() {
      int p;
      while ((p = phase) != STOPPED) {
        if (p == PAUSED) {
          parkedEpoch = pauseEpoch; // no request in flight from here until the phase changes
          while (phase == PAUSED) {
            LockSupport.park(this);
          }
          continue;
        }
        Request request = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        long start = interval == 0 ? System.nanoTime() : awaitDue();
        if (start == 0) {
          break; // stopped while waiting
        }
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

    /**
     * Waits for the next request's due time; returns the time to measure it from: the actual send
     * when the thread is on schedule, the due time when it is late (the previous answer took longer
     * than the interval). 0 when the run stopped meanwhile.
     */
    private long awaitDue() {
      long start = due;
      long now = System.nanoTime();
      if (now - start < 0) {
        while ((now = System.nanoTime()) - start < 0) {
          if (phase == STOPPED) {
            return 0;
          }
          LockSupport.parkNanos(start - now);
        }
        start = now; // the park's own overshoot is the generator's, not the set-up's
      }
      due += interval;
      return start == 0 ? 1 : start;
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
