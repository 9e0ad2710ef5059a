package io.meshlet.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.meshlet.config.ConfigJson;
import io.meshlet.route.internal.ExplanationText;
import java.util.List;

/**
 * Why a request was routed the way it was: how its host resolved, which routes and match blocks were
 * tried and which condition failed in each, the destinations, and every action that applies. The
 * decision is the same one {@code route} returns for the same request and random draw.
 * {@link #toText()} is what {@code mesh explain} prints; {@link #toJson()} is the same as JSON
 * (documented in {@code docs/explain.md}).
 *
 * @param request the request as the router saw it
 * @param workload the client workload, {@code namespace/name}
 * @param host how the authority and port resolved
 * @param routes the routes tried, in order, up to the one that matched
 * @param decision the outcome and its actions
 */
public record Explanation(Request request, String workload, Host host, List<RouteCheck> routes, Decision decision) {

  public Explanation {
    routes = List.copyOf(routes);
  }

  /** How the host of a request resolved. */
  public enum Resolution {
    /** A VirtualService owns the host. */
    VIRTUAL_SERVICE,
    /** A mesh service without a VirtualService: Istio's default route. */
    DEFAULT_ROUTE,
    /** A mesh service port that is not HTTP: forwarded without HTTP routing. */
    NON_HTTP_PORT,
    /** Not a mesh host; outbound traffic policy ALLOW_ANY. */
    PASSTHROUGH,
    /** Not a mesh host; outbound traffic policy REGISTRY_ONLY. */
    BLOCKED
  }

  /**
   * The request.
   *
   * @param method the method
   * @param url the URL as given
   * @param authority the {@code :authority} (Host header, else host and port)
   * @param port the port the request is addressed to, which picks Istio's per-port route table
   * @param path the path after normalisation, the one routes are matched against
   */
  public record Request(String method, String url, String authority, int port, String path) {}

  /**
   * How the host resolved.
   *
   * @param resolution the kind of resolution
   * @param domain the virtual-host domain that matched the authority, or null
   * @param service the mesh service, fully qualified, or null
   * @param virtualService the VirtualService owning the host, {@code namespace/name}, or null
   * @param reason a sentence saying why
   * @param notes what else the compiler decided for this host (duplicate VirtualServices ignored, routes dropped)
   */
  public record Host(
      Resolution resolution, String domain, String service, String virtualService, String reason, List<String> notes) {
    public Host {
      notes = List.copyOf(notes);
    }
  }

  /**
   * One route that was tried.
   *
   * @param index the route's index in the VirtualService's {@code http} list
   * @param name the route's name, or null
   * @param origin where the route comes from when not directly from the VirtualService (a delegate), or null
   * @param matched whether one of its blocks matched
   * @param blocks its match blocks, in order, each with why it failed
   */
  public record RouteCheck(int index, String name, String origin, boolean matched, List<BlockCheck> blocks) {
    public RouteCheck {
      blocks = List.copyOf(blocks);
    }
  }

  /**
   * One match block of a route.
   *
   * @param index the block's index in {@code match}, or -1 for a route without {@code match}
   * @param name the block's name, or null
   * @param matched whether every condition held
   * @param failures the conditions that did not hold
   * @param skipped why the block was dropped when the configuration was compiled (for example
   *     {@code sourceLabels} that do not fit this workload), or null when it was evaluated
   */
  public record BlockCheck(int index, String name, boolean matched, List<ConditionFailure> failures, String skipped) {
    public BlockCheck {
      failures = List.copyOf(failures);
    }
  }

  /**
   * A condition that did not hold.
   *
   * @param field the field, for example {@code headers[end-user]}
   * @param expected what it must be, for example {@code exact "jason"}
   * @param actual what the request has, for example {@code absent}
   */
  public record ConditionFailure(String field, String expected, String actual) {}

  /**
   * The decision.
   *
   * @param outcome the outcome
   * @param status redirect code, direct-response status, 404 or 502; 0 when forwarding
   * @param responseFlag Envoy's flag set by the decision itself ({@code NR}), or null
   * @param virtualService the deciding VirtualService, or null
   * @param routeIndex the matched route's index, or -1
   * @param routeName Envoy's route name, or null
   * @param cluster the picked cluster, Envoy-style ({@code outbound|9080|v2|reviews.default.svc.cluster.local}), or null
   * @param destinations every candidate with its weight; {@code picked} marks the chosen one
   * @param path the path to send, after rewrites
   * @param authority the authority to send, after rewrites
   * @param location the redirect location, or null
   * @param actions every action that applies, in the order the invoker applies them
   */
  public record Decision(
      RouteDecision.Outcome outcome,
      int status,
      String responseFlag,
      String virtualService,
      int routeIndex,
      String routeName,
      String cluster,
      List<Destination> destinations,
      String path,
      String authority,
      String location,
      List<Action> actions) {
    public Decision {
      destinations = List.copyOf(destinations);
      actions = List.copyOf(actions);
    }
  }

  /**
   * A candidate destination.
   *
   * @param host the service host, fully qualified
   * @param subset the subset, empty for the whole service
   * @param port the port
   * @param weight relative weight
   * @param picked whether this request goes there
   */
  public record Destination(String host, String subset, int port, int weight, boolean picked) {}

  /**
   * An action that applies.
   *
   * @param kind one of {@code rewrite}, {@code redirect}, {@code directResponse}, {@code requestHeaders},
   *     {@code responseHeaders}, {@code timeout}, {@code retries}, {@code fault}, {@code mirror}, {@code cors}
   * @param detail what it does, in words
   */
  public record Action(String kind, String detail) {}

  /** The explanation for people, as {@code mesh explain} prints it. */
  public String toText() {
    return ExplanationText.render(this);
  }

  /** The explanation as JSON (fields as in this record; see {@code docs/explain.md}). */
  public String toJson() {
    try {
      return ConfigJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write explanation as JSON", e);
    }
  }
}
