package io.meshlet.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Istio's VirtualService rules, one table row per malformed input; long by design, as each row is a
 * small YAML document with the exact path, line and message it must produce.
 */
class VirtualServiceValidatorTest {
  /** Five lines: the spec's own fields start on line 6. */
  private static final String HEAD = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: reviews
      spec:
      """;

  /** A minimal valid tail for cases about the VirtualService's top-level fields. */
  static final String ROUTE = """
      http:
      - route:
        - destination:
            host: reviews
      """;

  record Case(String name, String body, String path, int line, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case bad(String name, String body, String path, int line, String message) {
    return new Case(name, body, path, line, message);
  }

  static MeshConfig read(String body) {
    return new ConfigLoader().read(ConfigSource.string("mesh.yaml", HEAD + body.indent(2)));
  }

  static Stream<Case> malformed() {
    return Stream.of(
        // hosts and gateways
        bad("duplicate host", "hosts: [reviews, reviews]\n" + ROUTE, "spec.hosts[1]", 6, "duplicate host"),
        bad("overlapping wildcard host", "hosts: [\"*.example.com\", a.example.com]\n" + ROUTE,
            "spec.hosts[1]", 6, "overlaps \"*.example.com\""),
        bad("invalid host", "hosts: [rev_iews]\n" + ROUTE, "spec.hosts[0]", 6, "label \"rev_iews\" is not a DNS-1123 label"),
        bad("all-numeric top-level domain", "hosts: [reviews.123]\n" + ROUTE, "spec.hosts[0]", 6, "cannot be all digits"),
        bad("bare * for the mesh", "hosts: [\"*\"]\n" + ROUTE, "spec.hosts[0]", 6,
            "allowed only in VirtualServices bound to gateways"),
        bad("delegate with gateways", "gateways: [mesh]\n" + ROUTE, "spec.gateways", 6,
            "must be empty in a delegate VirtualService"),
        bad("delegate with tcp routes", """
            tcp:
            - route:
              - destination:
                  host: mongo
            """, "spec.tcp", 6, "can have only http routes"),
        bad("invalid gateway name", "hosts: [reviews]\ngateways: [Bad_Gateway]\n" + ROUTE,
            "spec.gateways[0]", 7, "invalid gateway name \"Bad_Gateway\""),
        bad("invalid gateway namespace", "hosts: [reviews]\ngateways: [istio_system/ingress]\n" + ROUTE,
            "spec.gateways[0]", 7, "invalid namespace \"istio_system\""),
        bad("no routes at all", "hosts: [reviews]\n", "spec", 5, "at least one http, tls or tcp route is required"),
        bad("duplicate exportTo", "hosts: [reviews]\nexportTo: [\".\", \".\"]\n" + ROUTE, "spec.exportTo[1]", 7,
            "duplicate entry"),

        // route actions
        bad("route without action", """
            hosts: [reviews]
            http:
            - name: nothing
              timeout: 5s
            """, "spec.http[0]", 8, "one of route, redirect, directResponse or delegate is required"),
        bad("redirect with route", """
            hosts: [reviews]
            http:
            - redirect:
                uri: /v2
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].route", 10, "cannot be combined with redirect"),
        bad("redirect with rewrite", """
            hosts: [reviews]
            http:
            - redirect:
                uri: /v2
              rewrite:
                uri: /v3
            """, "spec.http[0].rewrite", 10, "cannot be combined with redirect"),
        bad("redirect with fault", """
            hosts: [reviews]
            http:
            - redirect:
                uri: /v2
              fault:
                abort:
                  httpStatus: 500
            """, "spec.http[0].fault", 10, "cannot be combined with redirect"),
        bad("redirect with directResponse", """
            hosts: [reviews]
            http:
            - redirect:
                uri: /v2
              directResponse:
                status: 200
            """, "spec.http[0].directResponse", 10, "cannot be combined with redirect"),
        bad("directResponse with route", """
            hosts: [reviews]
            http:
            - directResponse:
                status: 503
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].route", 10, "cannot be combined with directResponse"),
        bad("delegate with route", """
            hosts: [reviews]
            http:
            - delegate:
                name: reviews-v2
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].route", 10, "cannot be combined with delegate"),
        bad("delegate inside a delegate", """
            http:
            - delegate:
                name: other
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].delegate", 7, "cannot delegate again"),
        bad("mirror with mirrors", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              mirror:
                host: reviews-shadow
              mirrors:
              - destination:
                  host: reviews-shadow
            """, "spec.http[0].mirrors", 13, "cannot be combined with mirror"),

        // rewrite and redirect
        bad("rewrite with uri and uriRegexRewrite", """
            hosts: [reviews]
            http:
            - rewrite:
                uri: /v1
                uriRegexRewrite:
                  match: ^/api(.*)
                  rewrite: /v1
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].rewrite.uriRegexRewrite", 10, "cannot be combined with uri"),
        bad("empty rewrite", """
            hosts: [reviews]
            http:
            - rewrite: {}
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].rewrite", 8, "must set at least one of uri, uriRegexRewrite or authority"),
        bad("redirect without target", """
            hosts: [reviews]
            http:
            - redirect:
                redirectCode: 302
            """, "spec.http[0].redirect", 8, "must set at least one of uri"),
        bad("redirect port with derivePort", """
            hosts: [reviews]
            http:
            - redirect:
                port: 8080
                derivePort: FROM_REQUEST_PORT
            """, "spec.http[0].redirect.derivePort", 10, "cannot be combined with port"),
        bad("unsupported redirect code", """
            hosts: [reviews]
            http:
            - redirect:
                uri: /v2
                redirectCode: 305
            """, "spec.http[0].redirect.redirectCode", 10, "must be one of 301, 302, 303, 307, 308, got 305"),
        bad("redirect scheme", """
            hosts: [reviews]
            http:
            - redirect:
                scheme: ftp
            """, "spec.http[0].redirect.scheme", 9, "must be \"http\" or \"https\", got \"ftp\""),
        bad("prefixRewrite after an exact match", """
            hosts: [reviews]
            http:
            - match:
              - uri:
                  exact: /old
              redirect:
                prefixRewrite: /new
            """, "spec.http[0].redirect.prefixRewrite", 12, "match[0].uri is an exact match"),
        bad("redirect uri with prefixRewrite", """
            hosts: [reviews]
            http:
            - redirect:
                uri: /new
                prefixRewrite: /new
            """, "spec.http[0].redirect.prefixRewrite", 10, "cannot be combined with uri"),

        // direct response
        bad("direct response status out of range", """
            hosts: [reviews]
            http:
            - directResponse:
                status: 600
            """, "spec.http[0].directResponse.status", 9, "must be between 200 and 599, got 600"),
        bad("direct response without status", """
            hosts: [reviews]
            http:
            - directResponse:
                body:
                  string: hello
            """, "spec.http[0].directResponse.status", 8, "required"),
        bad("direct response body with string and bytes", """
            hosts: [reviews]
            http:
            - directResponse:
                status: 200
                body:
                  string: hello
                  bytes: aGVsbG8=
            """, "spec.http[0].directResponse.body", 10, "only one of string or bytes"),
        bad("direct response bytes not base64", """
            hosts: [reviews]
            http:
            - directResponse:
                status: 200
                body:
                  bytes: "not base64!"
            """, "spec.http[0].directResponse.body.bytes", 11, "must be base64"),
        bad("direct response body over 1 MB", """
            hosts: [reviews]
            http:
            - directResponse:
                status: 200
                body:
                  string: |
            %s""".formatted(("        " + "x".repeat(1023) + "\n").repeat(1025)), "spec.http[0].directResponse.body.string", 11,
            "body is 1049600 bytes; at most 1 MB"),

        // destinations and weights
        bad("negative weight", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
                  subset: v1
                weight: 100
              - destination:
                  host: reviews
                  subset: v2
                weight: -5
            """, "spec.http[0].route[1].weight", 16, "must be >= 0, got -5"),
        bad("all weights zero", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
                  subset: v1
              - destination:
                  host: reviews
                  subset: v2
                weight: 0
            """, "spec.http[0].route", 8, "add up to 0"),
        bad("destination without host", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  subset: v1
            """, "spec.http[0].route[0].destination.host", 9, "required"),
        bad("destination host *", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: "*"
            """, "spec.http[0].route[0].destination.host", 10, "must name a service"),
        bad("subset not a DNS-1123 label", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
                  subset: v1_beta
            """, "spec.http[0].route[0].destination.subset", 11, "subset name must be a DNS-1123 label"),
        bad("destination port out of range", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
                  port:
                    number: 70000
            """, "spec.http[0].route[0].destination.port.number", 12, "must be between 1 and 65535, got 70000"),
        bad("mirror without host", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              mirror:
                subset: v2
            """, "spec.http[0].mirror.host", 11, "required"),
        bad("mirror percentage over 100", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              mirror:
                host: reviews
              mirrorPercentage:
                value: 120
            """, "spec.http[0].mirrorPercentage.value", 14, "must be between 0 and 100, got 120"),
        bad("mirrors percentage below 0", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              mirrors:
              - destination:
                  host: reviews
                percentage:
                  value: -1
            """, "spec.http[0].mirrors[0].percentage.value", 15, "must be between 0 and 100, got -1"),

        // match blocks
        bad("string match with two kinds", """
            hosts: [reviews]
            http:
            - match:
              - uri:
                  exact: /a
                  prefix: /b
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].uri", 9, "only one of exact, prefix or regex"),
        bad("regex that does not compile", """
            hosts: [reviews]
            http:
            - match:
              - uri:
                  regex: "(unclosed"
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].uri.regex", 10, "invalid RE2 regular expression"),
        bad("regex lookahead, not RE2", """
            hosts: [reviews]
            http:
            - match:
              - headers:
                  user:
                    regex: "^(?!admin).*"
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].headers.user.regex", 11, "invalid RE2 regular expression"),
        bad("header name with a space", """
            hosts: [reviews]
            http:
            - match:
              - headers:
                  "end user":
                    exact: jason
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].headers[\"end user\"]", 10, "invalid header name \"end user\""),
        bad("empty header prefix", """
            hosts: [reviews]
            http:
            - match:
              - headers:
                  end-user:
                    prefix: ""
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].headers.end-user.prefix", 11, "must not be empty"),
        bad("JWT claim match in a mesh VirtualService", """
            hosts: [reviews]
            http:
            - match:
              - headers:
                  "@request.auth.claims.sub":
                    exact: alice
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].headers[\"@request.auth.claims.sub\"]", 10,
            "works only in VirtualServices bound to gateways"),
        bad("invalid sourceNamespace", """
            hosts: [reviews]
            http:
            - match:
              - sourceNamespace: Bad_Namespace
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].sourceNamespace", 9, "must be a namespace name"),
        bad("invalid sourceLabels key", """
            hosts: [reviews]
            http:
            - match:
              - sourceLabels:
                  "bad key": v1
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].sourceLabels[\"bad key\"]", 10, "invalid label key"),
        bad("match port out of range", """
            hosts: [reviews]
            http:
            - match:
              - port: 70000
              route:
              - destination:
                  host: reviews
            """, "spec.http[0].match[0].port", 9, "must be between 1 and 65535, got 70000"),

        // durations and retries
        bad("zero timeout", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              timeout: 0s
            """, "spec.http[0].timeout", 11, "must be at least 1ms, got 0s"),
        bad("per-try timeout below a millisecond step", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              retries:
                attempts: 2
                perTryTimeout: 1500us
            """, "spec.http[0].retries.perTryTimeout", 13, "must be a whole number of milliseconds"),
        bad("zero backoff", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              retries:
                attempts: 2
                backoff: 0s
            """, "spec.http[0].retries.backoff", 13, "must be at least 1ms"),
        bad("negative attempts", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              retries:
                attempts: -1
            """, "spec.http[0].retries.attempts", 12, "must be >= 0, got -1"),
        bad("retry fields with attempts 0", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              retries:
                attempts: 0
                perTryTimeout: 2s
            """, "spec.http[0].retries.perTryTimeout", 13, "must not be set when attempts is 0"),
        bad("unknown retryOn condition", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              retries:
                attempts: 3
                retryOn: 5xx,bogus
            """, "spec.http[0].retries.retryOn", 13, "unknown retry condition \"bogus\""),
        bad("retryOn status Go does not know", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              retries:
                attempts: 3
                retryOn: "503,599"
            """, "spec.http[0].retries.retryOn", 13, "unknown retry condition \"599\""),

        // fault injection
        bad("fault without delay or abort", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              fault: {}
            """, "spec.http[0].fault", 11, "must set delay, abort or both"),
        bad("exponential delay", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              fault:
                delay:
                  exponentialDelay: 1s
            """, "spec.http[0].fault.delay.exponentialDelay", 13, "is not supported"),
        bad("zero fixed delay", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              fault:
                delay:
                  fixedDelay: 0s
                  percentage:
                    value: 10
            """, "spec.http[0].fault.delay.fixedDelay", 13, "must be at least 1ms"),
        bad("abort status out of range", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              fault:
                abort:
                  httpStatus: 700
            """, "spec.http[0].fault.abort.httpStatus", 13, "must be between 200 and 599, got 700"),
        bad("abort with unknown gRPC status", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              fault:
                abort:
                  grpcStatus: "14"
            """, "spec.http[0].fault.abort.grpcStatus", 13, "unknown gRPC status \"14\""),
        bad("abort percentage over 100", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              fault:
                abort:
                  httpStatus: 503
                  percentage:
                    value: 150
            """, "spec.http[0].fault.abort.percentage.value", 15, "must be 0 or between 0.0001 and 100, got 150"),
        bad("delay percentage below Envoy's resolution", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              fault:
                delay:
                  fixedDelay: 5s
                  percentage:
                    value: 0.00001
            """, "spec.http[0].fault.delay.percentage.value", 15, "must be 0 or between 0.0001 and 100"),

        // CORS
        bad("CORS origin empty", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              corsPolicy:
                allowOrigins:
                - exact: ""
            """, "spec.http[0].corsPolicy.allowOrigins[0]", 13, "must set a non-empty exact, prefix or regex"),
        bad("CORS origin regex", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              corsPolicy:
                allowOrigins:
                - regex: "https://(.*\\\\.example\\\\.com"
            """, "spec.http[0].corsPolicy.allowOrigins[0].regex", 13, "invalid RE2 regular expression"),
        bad("CORS method", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              corsPolicy:
                allowMethods: [GET, FETCH]
            """, "spec.http[0].corsPolicy.allowMethods[1]", 12, "unsupported HTTP method \"FETCH\""),
        bad("CORS maxAge in milliseconds", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              corsPolicy:
                maxAge: 1500ms
            """, "spec.http[0].corsPolicy.maxAge", 12, "must be a whole number of seconds, got 1.5s"),

        // header operations
        bad("setting a pseudo-header", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              headers:
                request:
                  set:
                    ":path": /x
            """, "spec.http[0].headers.request.set[\":path\"]", 14, "pseudo-headers"),
        bad("authority rewritten twice", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              rewrite:
                authority: a.example.com
              headers:
                request:
                  set:
                    host: b.example.com
            """, "spec.http[0].headers.request.set.host", 16, "already set to \"a.example.com\" by rewrite.authority"),
        bad("removing Host", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
              headers:
                request:
                  remove: [host]
            """, "spec.http[0].headers.request.remove[0]", 13, "the Host header cannot be modified"),
        bad("unclosed %VARIABLE% in a destination header", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
                headers:
                  response:
                    add:
                      x-served-by: "%HOSTNAME"
            """, "spec.http[0].route[0].headers.response.add.x-served-by", 14, "is not closed"),

        // TLS and TCP routes
        bad("TCP route without destinations", """
            hosts: [mongo.prod.svc.cluster.local]
            tcp:
            - match:
              - port: 27017
            """, "spec.tcp[0].route", 8, "at least one destination"),
        bad("TLS route without match", """
            hosts: [a.example.com]
            tls:
            - route:
              - destination:
                  host: a.example.com
            """, "spec.tls[0].match", 8, "TLS routes are chosen by SNI"),
        bad("SNI host outside the hosts", """
            hosts: [a.example.com]
            tls:
            - match:
              - sniHosts: [b.example.com]
              route:
              - destination:
                  host: a.example.com
            """, "spec.tls[0].match[0].sniHosts[0]", 9, "not within any of the VirtualService's hosts"),
        bad("TCP destination subnet", """
            hosts: [mongo.prod.svc.cluster.local]
            tcp:
            - match:
              - destinationSubnets: [10.0.0.0/33]
              route:
              - destination:
                  host: mongo.prod.svc.cluster.local
            """, "spec.tcp[0].match[0].destinationSubnets[0]", 9, "must be an IP address or a CIDR block"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejectsMalformedVirtualService(Case c) {
    List<Diagnostic> errors = read(c.body()).errors();

    assertThat(errors).as("errors of %s", c.name()).anySatisfy(d -> {
      assertThat(d.path()).isEqualTo(c.path());
      assertThat(d.line()).isEqualTo(c.line());
      assertThat(d.message()).contains(c.message());
    });
    assertThat(errors).as("no error elsewhere").allSatisfy(d -> assertThat(d.path()).isEqualTo(c.path()));
  }

  /** Istio's documented examples (istio.io tasks and the VirtualService reference) load without any diagnostic. */
  static Stream<Case> documented() {
    return Stream.of(
        ok("Bookinfo: jason to v2, everyone else to v1", """
            hosts: [reviews]
            http:
            - match:
              - headers:
                  end-user:
                    exact: jason
              route:
              - destination:
                  host: reviews
                  subset: v2
            - route:
              - destination:
                  host: reviews
                  subset: v1
            """),
        ok("Bookinfo: 50/50 between v1 and v3", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
                  subset: v1
                weight: 50
              - destination:
                  host: reviews
                  subset: v3
                weight: 50
            """),
        ok("90/10 split", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
                  subset: v1
                weight: 90
              - destination:
                  host: reviews
                  subset: v2
                weight: 10
            """),
        ok("fault: 7s delay for jason", """
            hosts: [ratings]
            http:
            - match:
              - headers:
                  end-user:
                    exact: jason
              fault:
                delay:
                  percentage:
                    value: 100.0
                  fixedDelay: 7s
              route:
              - destination:
                  host: ratings
                  subset: v1
            - route:
              - destination:
                  host: ratings
                  subset: v1
            """),
        ok("fault: HTTP 500 abort for jason", """
            hosts: [ratings]
            http:
            - match:
              - headers:
                  end-user:
                    exact: jason
              fault:
                abort:
                  percentage:
                    value: 100.0
                  httpStatus: 500
              route:
              - destination:
                  host: ratings
                  subset: v1
            - route:
              - destination:
                  host: ratings
                  subset: v1
            """),
        ok("redirect", """
            hosts: [ratings.prod.svc.cluster.local]
            http:
            - match:
              - uri:
                  exact: /v1/getProductRatings
              redirect:
                uri: /v1/bookRatings
                authority: newratings.default.svc.cluster.local
            - route:
              - destination:
                  host: ratings.prod.svc.cluster.local
            """),
        ok("rewrite", """
            hosts: [ratings.prod.svc.cluster.local]
            http:
            - match:
              - uri:
                  prefix: /ratings
              rewrite:
                uri: /v1/bookRatings
              route:
              - destination:
                  host: ratings.prod.svc.cluster.local
                  subset: v1
            """),
        ok("mirror to v2", """
            hosts: [httpbin]
            http:
            - route:
              - destination:
                  host: httpbin
                  subset: v1
                weight: 100
              mirror:
                host: httpbin
                subset: v2
              mirrorPercentage:
                value: 100.0
            """),
        ok("CORS", """
            hosts: [ratings.prod.svc.cluster.local]
            http:
            - route:
              - destination:
                  host: ratings.prod.svc.cluster.local
                  subset: v1
              corsPolicy:
                allowOrigins:
                - exact: https://example.com
                allowMethods: [POST, GET]
                allowCredentials: false
                allowHeaders: [X-Foo-Bar]
                maxAge: "24h"
            """),
        ok("retries", """
            hosts: [ratings.prod.svc.cluster.local]
            http:
            - route:
              - destination:
                  host: ratings.prod.svc.cluster.local
                  subset: v1
              retries:
                attempts: 3
                perTryTimeout: 2s
                retryOn: gateway-error,connect-failure,refused-stream
            """),
        ok("timeout", """
            hosts: [reviews]
            http:
            - route:
              - destination:
                  host: reviews
                  subset: v2
              timeout: 0.5s
            """),
        ok("direct response", """
            hosts: [reviews.prod.svc.cluster.local]
            http:
            - match:
              - uri:
                  regex: "/unknown/.*"
              directResponse:
                status: 503
                body:
                  string: "unknown path"
            - route:
              - destination:
                  host: reviews.prod.svc.cluster.local
            """),
        ok("header operations", """
            hosts: [reviews.prod.svc.cluster.local]
            http:
            - headers:
                request:
                  set:
                    test: "true"
              route:
              - destination:
                  host: reviews.prod.svc.cluster.local
                  subset: v2
                weight: 25
              - destination:
                  host: reviews.prod.svc.cluster.local
                  subset: v1
                headers:
                  response:
                    remove: [foo]
                weight: 75
            """),
        ok("root VirtualService delegating", """
            hosts: [bookinfo.com]
            http:
            - match:
              - uri:
                  prefix: /productpage
              delegate:
                name: productpage
                namespace: nsA
            """));
  }

  private static Case ok(String name, String body) {
    return new Case(name, body, "", 0, "");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documented")
  void acceptsDocumentedExample(Case c) {
    MeshConfig config = read(c.body());

    assertThat(config.diagnostics()).isEmpty();
    assertThat(config.virtualServices()).hasSize(1);
  }

  @Test
  void delegateWithoutHostsIsAcceptedWithANote() {
    MeshConfig config = read("""
        http:
        - match:
          - uri:
              prefix: /productpage/v1
          route:
          - destination:
              host: productpage-v1.nsA.svc.cluster.local
        """);

    assertThat(config.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Diagnostic.Severity.NOTE);
      assertThat(d.path()).isEqualTo("spec");
      assertThat(d.message()).contains("delegate VirtualService");
    });
  }

  @Test
  void thereAreAtLeastFortyMalformedCases() {
    assertThat(malformed().count()).isGreaterThanOrEqualTo(40);
  }
}
