package io.meshlet.benchmarks.interceptor;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole OkHttp call path with and without Meshlet's interceptor, over an in-memory transport
 * ({@link CannedResponse}, no sockets): {@code newCall(request).execute()}, reading the 128-byte
 * body and closing the response. Meshlet's overhead per call is {@link #meshlet} minus
 * {@link #baseline}, in time and in the gc profiler's bytes per operation; {@link #floor} is the part
 * of it that is OkHttp's API (rebuilt request and response, interceptor-chain copies), which any
 * interceptor doing the adapter's job pays:
 *
 * <pre>
 * java -jar mesh-benchmarks/target/benchmarks.jar Interceptor -prof gc
 * </pre>
 *
 * <p>With Meshlet the call is routed (the load benchmark's three-way split, {@link MeshVariant}),
 * load balanced, sent through the invoker (retry and timeout bookkeeping, outlier detection) and
 * measured with Istio's metrics when a registry is set; the canned answer then stands in for the
 * endpoint. What is left out is the network: connection pool, HTTP/1.1 codec and sockets, which
 * Meshlet does not add to.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// The Meshlet path is a deep call graph (OkHttp chain, invoker, router, balancer, telemetry): on a
// busy 2-core machine C2 needed more than 6 s to finish compiling it, so warm up for 10 s.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class InterceptorBenchmark {

  /** OkHttp with Meshlet's interceptor in front of the canned answer. */
  @State(Scope.Thread)
  public static class MeshletClient {
    @Param
    public MeshVariant variant;

    InterceptorSetup setup;
    Request request;

    @Setup(Level.Trial)
    public void setUp() {
      setup = InterceptorSetup.meshlet(variant, new CannedResponse(200));
      request = InterceptorSetup.request();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      setup.close();
    }
  }

  /** OkHttp with only the canned answer. */
  @State(Scope.Thread)
  public static class BaselineClient {
    InterceptorSetup setup;
    Request request;

    @Setup(Level.Trial)
    public void setUp() {
      setup = InterceptorSetup.baseline(new CannedResponse(200));
      request = InterceptorSetup.request();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      setup.close();
    }
  }

  /** OkHttp with only the OkHttp work of Meshlet's adapter ({@link AdapterFloor}) in front of the canned answer. */
  @State(Scope.Thread)
  public static class FloorClient {
    @Param
    public AdapterFloor.Work work;

    InterceptorSetup setup;
    Request request;

    @Setup(Level.Trial)
    public void setUp() {
      setup = InterceptorSetup.floor(work, new CannedResponse(200));
      request = InterceptorSetup.request();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      setup.close();
    }
  }

  @Benchmark
  public int meshlet(MeshletClient s) throws IOException {
    return call(s.setup.client(), s.request);
  }

  @Benchmark
  public int baseline(BaselineClient s) throws IOException {
    return call(s.setup.client(), s.request);
  }

  @Benchmark
  public int floor(FloorClient s) throws IOException {
    return call(s.setup.client(), s.request);
  }

  /** One call as an application makes it: execute, read the whole body, close. */
  static int call(OkHttpClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.code() + response.body().bytes().length;
    }
  }
}
