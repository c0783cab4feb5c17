package io.pulse.service.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs refused requests: {@code pulse_auth_failures_total{reason, endpoint}} on
 * /prometheus. The log names the endpoint, the reason and the client address, never the token.
 */
@Singleton
public class AuthFailures {
  private static final Logger LOG = LoggerFactory.getLogger(AuthFailures.class);
  static final String METER = "pulse.auth.failures";

  /** Why a request was refused. */
  public enum Reason {
    /** No credentials at all. */
    MISSING,
    /** A token, cookie or signature that matches nothing. */
    INVALID,
    /** Valid credentials of the wrong role (an ingest token reading, say). */
    FORBIDDEN,
    /** The endpoint's secret is not configured: everything is refused. */
    NOT_CONFIGURED;

    String tag() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  private final MeterRegistry registry;

  public AuthFailures(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(HttpRequest<?> request, Reason reason) {
    registry.counter(METER, "reason", reason.tag(), "endpoint", endpoint(request)).increment();
    LOG.warn(
        "refused request: method={} path=\"{}\" reason={} client={}",
        request.getMethodName(),
        request.getPath(),
        reason.tag(),
        request.getRemoteAddress().getAddress().getHostAddress());
  }

  /**
   * The route's template, never the raw path: a client choosing paths must not be able to create
   * counters without bound.
   */
  static String endpoint(HttpRequest<?> request) {
    String route =
        RouteAttributes.getRouteMatch(request)
            .filter(UriRouteMatch.class::isInstance)
            .map(m -> ((UriRouteMatch<?, ?>) m).getRouteInfo().getUriMatchTemplate().toString())
            .orElse("unmatched");
    return request.getMethodName() + " " + route;
  }

  /** Whether the request carried any credentials a Pulse service reads. */
  public static boolean carriesCredentials(HttpRequest<?> request) {
    return request.getHeaders().contains(HttpHeaders.AUTHORIZATION)
        || !request.getCookies().getAll().isEmpty();
  }
}
