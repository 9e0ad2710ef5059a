package io.meshlet.config.model;

import java.util.List;
import java.util.Map;

/**
 * One match block of an HTTP route: every condition set in it must hold (AND); the blocks of a route
 * are ORed. {@code sourceLabels}, {@code sourceNamespace} and {@code gateways} are applied when the
 * configuration is built, not per request.
 *
 * @param name block name, appended to the route name in access logs
 * @param uri the path without the query string; {@code prefix} is a plain string prefix
 * @param scheme the {@code :scheme} pseudo-header
 * @param method the {@code :method} pseudo-header
 * @param authority the {@code :authority} (Host) pseudo-header
 * @param headers lower-case header names to matches; an empty match tests presence; the keys
 *     {@code uri}, {@code scheme}, {@code method} and {@code authority} are ignored
 * @param port only requests to this service port match
 * @param sourceLabels the client workload's labels must include these
 * @param gateways gateway names that override the VirtualService's list for this block
 * @param queryParams query parameters to matches; {@code exact: ""} matches a bare {@code ?key}
 * @param ignoreUriCase case-insensitive {@code exact} and {@code prefix} URI matching
 * @param withoutHeaders the inverse of {@code headers}: matches when the header is absent or differs
 * @param sourceNamespace the client workload must be in this namespace
 * @param statPrefix prefix for this route's statistics
 */
public record HttpMatchRequest(
    String name,
    StringMatch uri,
    StringMatch scheme,
    StringMatch method,
    StringMatch authority,
    Map<String, StringMatch> headers,
    Integer port,
    Map<String, String> sourceLabels,
    List<String> gateways,
    Map<String, StringMatch> queryParams,
    Boolean ignoreUriCase,
    Map<String, StringMatch> withoutHeaders,
    String sourceNamespace,
    String statPrefix) {

  public HttpMatchRequest {
    headers = Copies.map(headers);
    sourceLabels = Copies.map(sourceLabels);
    gateways = Copies.list(gateways);
    queryParams = Copies.map(queryParams);
    withoutHeaders = Copies.map(withoutHeaders);
  }

  /** Whether URI matching ignores case; default false. */
  public boolean ignoreUriCaseOrDefault() {
    return Boolean.TRUE.equals(ignoreUriCase);
  }
}
