package io.meshlet.benchmarks.interceptor;

import io.meshlet.Mesh;
import io.meshlet.benchmarks.load.MeshletLoadConfig;
import io.meshlet.okhttp.MeshInterceptor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * An OkHttp client over the in-memory transport ({@link CannedResponse}), with Meshlet's
 * interceptor, the {@link AdapterFloor} or nothing in front of it.
 */
public final class InterceptorSetup implements AutoCloseable {
  private final Mesh mesh;
  private final SimpleMeterRegistry meters;
  private final CannedResponse canned;
  private final OkHttpClient client;

  private InterceptorSetup(Mesh mesh, SimpleMeterRegistry meters, Interceptor front, CannedResponse canned) {
    this.mesh = mesh;
    this.meters = meters;
    this.canned = canned;
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    if (front != null) {
      b.addInterceptor(front);
    }
    this.client = b.addInterceptor(canned).build();
  }

  /** OkHttp, then {@code canned}: what every request costs without Meshlet. */
  public static InterceptorSetup baseline(CannedResponse canned) {
    return new InterceptorSetup(null, null, null, canned);
  }

  /** OkHttp, the {@link AdapterFloor} interceptor doing {@code work}, then {@code canned}. */
  public static InterceptorSetup floor(AdapterFloor.Work work, CannedResponse canned) {
    return new InterceptorSetup(null, null, new AdapterFloor(work), canned);
  }

  /** OkHttp, Meshlet's interceptor over a mesh configured as {@code variant}, then {@code canned}. */
  public static InterceptorSetup meshlet(MeshVariant variant, CannedResponse canned) {
    SimpleMeterRegistry meters = variant.metrics() ? new SimpleMeterRegistry() : null;
    Mesh mesh = MeshletLoadConfig.meshBuilder().meterRegistry(meters).configYaml(variant.yaml()).build();
    return new InterceptorSetup(mesh, meters, MeshInterceptor.create(mesh), canned);
  }

  /** The request every benchmark call sends: to the mesh host, carrying the header the match variant needs. */
  public static Request request() {
    return new Request.Builder().url(MeshletLoadConfig.URL)
        .header(MeshVariant.MATCH_HEADER, MeshVariant.MATCH_VALUE).build();
  }

  public OkHttpClient client() {
    return client;
  }

  public CannedResponse canned() {
    return canned;
  }

  /** The mesh; null for the baseline and the floor. */
  public Mesh mesh() {
    return mesh;
  }

  /** Where the mesh records Istio's metrics; null for the baseline and {@link MeshVariant#SPLIT_NO_METRICS}. */
  public SimpleMeterRegistry meters() {
    return meters;
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    if (mesh != null) {
      mesh.close();
    }
  }
}
