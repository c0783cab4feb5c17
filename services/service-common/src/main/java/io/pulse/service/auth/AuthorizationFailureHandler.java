package io.pulse.service.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.pulse.service.ApiError;
import jakarta.inject.Singleton;

/**
 * Micronaut Security's refusals in Pulse's error shape: 401 without (valid) credentials, 403 with
 * credentials of the wrong role. Never a redirect: clients are programs and the dashboard signs in
 * through its own form. Every refusal is counted and logged by {@link AuthFailures}.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AuthorizationFailureHandler
    implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
  private final AuthFailures failures;

  public AuthorizationFailureHandler(AuthFailures failures) {
    this.failures = failures;
  }

  @Override
  public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException e) {
    if (e.isForbidden()) {
      failures.record(request, AuthFailures.Reason.FORBIDDEN);
      return HttpResponse.status(HttpStatus.FORBIDDEN)
          .body(
              new ApiError(
                  "this token's role ("
                      + String.join(",", e.getAuthentication().getRoles())
                      + ") may not use this endpoint: ingest tokens write, read tokens read",
                  null));
    }
    boolean carried = AuthFailures.carriesCredentials(request);
    failures.record(request, carried ? AuthFailures.Reason.INVALID : AuthFailures.Reason.MISSING);
    return HttpResponse.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .body(
            new ApiError(
                carried
                    ? "the bearer token or session is not valid for this service"
                    : "authentication required: send Authorization: Bearer <token>",
                null));
  }
}
