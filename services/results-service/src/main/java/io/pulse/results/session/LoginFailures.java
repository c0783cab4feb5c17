package io.pulse.results.session;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.security.event.LoginFailedEvent;
import io.pulse.service.auth.AuthFailures;
import jakarta.inject.Singleton;

/** A wrong token at the dashboard's sign-in is a failed authentication like any other. */
@Singleton
public class LoginFailures implements ApplicationEventListener<LoginFailedEvent> {
  private final AuthFailures failures;

  public LoginFailures(AuthFailures failures) {
    this.failures = failures;
  }

  @Override
  public void onApplicationEvent(LoginFailedEvent event) {
    ServerRequestContext.currentRequest()
        .ifPresent(
            request -> failures.record((HttpRequest<?>) request, AuthFailures.Reason.INVALID));
  }
}
