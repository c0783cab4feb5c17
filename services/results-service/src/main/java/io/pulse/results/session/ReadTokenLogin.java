package io.pulse.results.session;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestAuthenticationProvider;
import io.pulse.service.auth.AccessTokenValidator;
import io.pulse.service.auth.Roles;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The dashboard's sign-in ({@code POST /login}, Micronaut Security's login endpoint): the password
 * is the read token, the username is free text. Only the read token signs in, so an ingest token
 * cannot open a reading session. The session that follows is a signed cookie, never the token.
 */
@Singleton
public class ReadTokenLogin<B> implements HttpRequestAuthenticationProvider<B> {
  private final AccessTokenValidator tokens;

  public ReadTokenLogin(AccessTokenValidator tokens) {
    this.tokens = tokens;
  }

  @Override
  public AuthenticationResponse authenticate(
      HttpRequest<B> request, AuthenticationRequest<String, String> authenticationRequest) {
    boolean read =
        tokens.roleOf(authenticationRequest.getSecret()).filter(Roles.READ::equals).isPresent();
    return read
        ? AuthenticationResponse.success("dashboard", List.of(Roles.READ))
        : AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
  }
}
