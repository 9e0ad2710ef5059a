package io.meshlet.resilience.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared, bounded executor that sends mirrored requests: a few daemon threads and a short
 * queue. When both are full the mirror is dropped and counted ({@code meshlet_mirror_dropped_total}),
 * so a slow mirror target never delays or fails the main call, nor grows memory.
 */
public final class Mirroring implements AutoCloseable {
  private final ThreadPoolExecutor executor;
  private final AtomicLong dropped = new AtomicLong();
  private final Counter droppedCounter;

  public Mirroring(int threads, int queue, MeterRegistry registry) {
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
        r -> {
          Thread t = new Thread(r, "meshlet-mirror-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    this.executor.allowCoreThreadTimeOut(true);
    this.droppedCounter = registry == null ? null
        : Counter.builder("meshlet_mirror_dropped").description("Mirrored requests dropped because the mirror "
            + "executor was full or a mirror could not be sent").register(registry);
  }

  /** Runs {@code task} on a mirror thread; false (and counted as dropped) when the executor is full or closed. */
  public boolean submit(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      drop();
      return false;
    }
  }

  /** Counts a mirror that was not sent (executor full, one-shot body, no endpoint). */
  public void drop() {
    dropped.incrementAndGet();
    if (droppedCounter != null) {
      droppedCounter.increment();
    }
  }

  /** Mirrors dropped so far. */
  public long dropped() {
    return dropped.get();
  }

  /** Mirror threads currently alive (for leak tests). */
  public int threads() {
    return executor.getPoolSize();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
