package io.meshlet.benchmarks.interceptor;

import io.meshlet.benchmarks.load.MeshletLoadConfig;
import java.net.ProxySelector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.Address;
import okhttp3.Authenticator;
import okhttp3.ConnectionSpec;
import okhttp3.Dns;
import okhttp3.Protocol;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What OkHttp itself spends on every call to a host name, mesh or not: each call builds an
 * {@link Address} for its URL, and the address canonicalizes the host (IDNA mapping, at a cost
 * linear in the name's length). This is why the load benchmark's set-up (b) calls the service by
 * its short name, which is as long as set-up (a)'s {@code 127.0.0.1}; see docs/performance.md.
 *
 * <pre>
 * java -jar mesh-benchmarks/target/benchmarks.jar HostName -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HostNameBenchmark {
  private static final List<Protocol> PROTOCOLS = List.of(Protocol.HTTP_1_1);
  private static final List<ConnectionSpec> SPECS = List.of(ConnectionSpec.CLEARTEXT);

  /** (a)'s endpoint address, (b)'s short name and the service's fully qualified name. */
  @Param({"127.0.0.1", MeshletLoadConfig.SHORT_HOST, MeshletLoadConfig.HOST})
  public String host;

  /** The address OkHttp's {@code RealCall} creates for a plain-text call to {@code host}. */
  @Benchmark
  public Address address() {
    return new Address(host, 80, Dns.SYSTEM, SocketFactory.getDefault(), null, null, null, Authenticator.NONE, null,
        PROTOCOLS, SPECS, ProxySelector.getDefault());
  }
}
