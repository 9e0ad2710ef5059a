package io.meshlet.route;

import io.meshlet.MeshRequest;
import io.meshlet.ResponseFlag;
import io.meshlet.cluster.ClusterKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the mesh decided for one outbound request, as Istio's sidecar would: forward to a cluster
 * (with rewrites, header operations, timeout, retries, fault, mirrors and CORS), answer with a
 * redirect or a fixed response, 404 for no route, pass an unknown host through, or block it.
 *
 * <p>A decision is cheap: everything fixed by the configuration lives in a shared, precompiled
 * {@link Template}; a decision adds only what depends on the request (its path, authority and
 * redirect location).
 */
public final class RouteDecision {

  /** The kind of decision. */
  public enum Outcome {
    /** Send the request to {@link #cluster()}. */
    FORWARD,
    /** Answer with a redirect to {@link #location()}. */
    REDIRECT,
    /** Answer with {@link #status()} and {@link #body()}. */
    DIRECT_RESPONSE,
    /** A VirtualService owns the host but no route matched: 404, flag NR. */
    NO_ROUTE,
    /** Not a mesh host and outbound traffic is ALLOW_ANY: send the request untouched. */
    PASSTHROUGH,
    /** Not a mesh host and the Sidecar's outbound traffic policy is REGISTRY_ONLY: 502. */
    BLOCKED
  }

  private final Template t;
  private final String routeName;
  private final String serviceHost;
  private final MeshRequest request;
  private final String path;
  private final String location;

  private RouteDecision(Template t, String routeName, String serviceHost, MeshRequest request, String path,
      String location) {
    this.t = t;
    this.routeName = routeName;
    this.serviceHost = serviceHost;
    this.request = request;
    this.path = path;
    this.location = location;
  }

  /**
   * A decision for {@code request} from a precompiled template; the router calls this once per request.
   *
   * @param routeName Envoy's route name ({@code route.name + "." + match.name}), or null
   * @param serviceHost the addressed mesh host, or null
   * @param path the path after normalisation and rewrites
   * @param location the redirect location, or null
   */
  public static RouteDecision of(Template template, String routeName, String serviceHost, MeshRequest request,
      String path, String location) {
    return new RouteDecision(Objects.requireNonNull(template, "template"), routeName, serviceHost, request, path,
        location);
  }

  public Outcome outcome() {
    return t.outcome;
  }

  /** The answer's status: the redirect code, the direct-response status, 404 or 502; 0 when forwarding. */
  public int status() {
    return t.status;
  }

  /** The absolute redirect URL, or null. */
  public String location() {
    return location;
  }

  /** The direct response's body (empty when none); shared, do not modify. */
  public byte[] body() {
    return t.body;
  }

  /** Envoy's response flag this decision sets by itself ({@code NR} for no route), or null. */
  public ResponseFlag responseFlag() {
    return t.responseFlag;
  }

  /** The VirtualService that decided, {@code namespace/name}; null for Istio's default route and unknown hosts. */
  public String virtualService() {
    return t.virtualService;
  }

  /** Index of the matched route in the VirtualService's {@code http} list; -1 when none. */
  public int routeIndex() {
    return t.routeIndex;
  }

  /** Envoy's route name ({@code default} for Istio's default route, {@code allow_any}, {@code block_all}), or null. */
  public String routeName() {
    return routeName;
  }

  /** The addressed mesh host, fully qualified, for telemetry; null for a host outside the mesh. */
  public String serviceHost() {
    return serviceHost;
  }

  /** The picked destination when forwarding to a mesh cluster; null otherwise. */
  public ClusterKey cluster() {
    return t.cluster;
  }

  /** Every candidate destination with its weight (the picked one included). */
  public List<WeightedCluster> destinations() {
    return t.destinations;
  }

  /** The path to send, without the query string, after normalisation and rewrites. */
  public String path() {
    return path;
  }

  /** The {@code :authority} to send: the rewrite when one applies, else the request's. */
  public String authority() {
    if (t.authorityRewrite != null) {
      return t.authorityRewrite;
    }
    return request == null ? null : request.authority();
  }

  /** True when {@link #authority()} was rewritten by the route. */
  public boolean authorityRewritten() {
    return t.authorityRewrite != null;
  }

  /** Header operations on the forwarded request. */
  public HeaderMutation requestHeaders() {
    return t.requestHeaders;
  }

  /** Header operations on the response returned to the caller. */
  public HeaderMutation responseHeaders() {
    return t.responseHeaders;
  }

  /** The route timeout covering every try and back-off, or null when disabled (Istio's default). */
  public Duration timeout() {
    return t.timeout;
  }

  /** The retry policy (never null; {@link RetryPolicy#none()} when retries are off). */
  public RetryPolicy retryPolicy() {
    return t.retryPolicy;
  }

  /** Fault injection, or null for none. */
  public FaultPolicy fault() {
    return t.fault;
  }

  /** Mirror destinations, empty for none. */
  public List<MirrorPolicy> mirrors() {
    return t.mirrors;
  }

  /** The CORS policy, or null for none. */
  public Cors cors() {
    return t.cors;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(t.outcome.name());
    if (t.cluster != null) {
      out.append(' ').append(t.cluster);
    }
    if (t.status != 0) {
      out.append(' ').append(t.status);
    }
    if (location != null) {
      out.append(' ').append(location);
    }
    if (t.virtualService != null) {
      out.append(" via ").append(t.virtualService).append(" http[").append(t.routeIndex).append(']');
    }
    return out.toString();
  }

  /**
   * The configuration-fixed part of a decision, built once when a configuration is compiled and
   * shared by every decision of the same route and destination.
   */
  public static final class Template {
    private final Outcome outcome;
    private final int status;
    private final byte[] body;
    private final ResponseFlag responseFlag;
    private final String virtualService;
    private final int routeIndex;
    private final ClusterKey cluster;
    private final List<WeightedCluster> destinations;
    private final String authorityRewrite;
    private final HeaderMutation requestHeaders;
    private final HeaderMutation responseHeaders;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;
    private final FaultPolicy fault;
    private final List<MirrorPolicy> mirrors;
    private final Cors cors;

    private Template(Builder b) {
      this.outcome = b.outcome;
      this.status = b.status;
      this.body = b.body;
      this.responseFlag = b.responseFlag;
      this.virtualService = b.virtualService;
      this.routeIndex = b.routeIndex;
      this.cluster = b.cluster;
      this.destinations = List.copyOf(b.destinations);
      this.authorityRewrite = b.authorityRewrite;
      this.requestHeaders = b.requestHeaders;
      this.responseHeaders = b.responseHeaders;
      this.timeout = b.timeout;
      this.retryPolicy = b.retryPolicy;
      this.fault = b.fault;
      this.mirrors = List.copyOf(b.mirrors);
      this.cors = b.cors;
    }

    /** A builder for a template of this outcome; unset parts mean none. */
    public static Builder builder(Outcome outcome) {
      return new Builder(outcome);
    }

    /** Builds a {@link Template}. */
    public static final class Builder {
      private static final byte[] NO_BODY = new byte[0];

      private final Outcome outcome;
      private int status;
      private byte[] body = NO_BODY;
      private ResponseFlag responseFlag;
      private String virtualService;
      private int routeIndex = -1;
      private ClusterKey cluster;
      private List<WeightedCluster> destinations = List.of();
      private String authorityRewrite;
      private HeaderMutation requestHeaders = HeaderMutation.NONE;
      private HeaderMutation responseHeaders = HeaderMutation.NONE;
      private Duration timeout;
      private RetryPolicy retryPolicy = RetryPolicy.none();
      private FaultPolicy fault;
      private List<MirrorPolicy> mirrors = List.of();
      private Cors cors;

      private Builder(Outcome outcome) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
      }

      public Builder status(int value) {
        this.status = value;
        return this;
      }

      public Builder body(byte[] value) {
        this.body = Objects.requireNonNull(value, "body");
        return this;
      }

      public Builder responseFlag(ResponseFlag value) {
        this.responseFlag = value;
        return this;
      }

      public Builder virtualService(String value, int index) {
        this.virtualService = value;
        this.routeIndex = index;
        return this;
      }

      public Builder cluster(ClusterKey value) {
        this.cluster = value;
        return this;
      }

      public Builder destinations(List<WeightedCluster> value) {
        this.destinations = value;
        return this;
      }

      public Builder authorityRewrite(String value) {
        this.authorityRewrite = value;
        return this;
      }

      public Builder requestHeaders(HeaderMutation value) {
        this.requestHeaders = Objects.requireNonNull(value, "requestHeaders");
        return this;
      }

      public Builder responseHeaders(HeaderMutation value) {
        this.responseHeaders = Objects.requireNonNull(value, "responseHeaders");
        return this;
      }

      public Builder timeout(Duration value) {
        this.timeout = value;
        return this;
      }

      public Builder retryPolicy(RetryPolicy value) {
        this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
        return this;
      }

      public Builder fault(FaultPolicy value) {
        this.fault = value;
        return this;
      }

      public Builder mirrors(List<MirrorPolicy> value) {
        this.mirrors = value;
        return this;
      }

      public Builder cors(Cors value) {
        this.cors = value;
        return this;
      }

      public Template build() {
        return new Template(this);
      }
    }
  }
}
