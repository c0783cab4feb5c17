package io.pulse.service.auth;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * Checks the bearer token Micronaut Security's {@code BearerTokenReader} found against the
 * configured tokens. Each comparison is constant-time ({@link MessageDigest#isEqual}) and both
 * tokens are always compared, so timing reveals neither how much of a token matched nor which one
 * was tried. An unknown token yields nothing, which the security filter turns into a 401.
 */
@Singleton
public class AccessTokenValidator implements TokenValidator<HttpRequest<?>> {
  private final AccessTokens tokens;

  public AccessTokenValidator(AccessTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    return roleOf(token)
        .map(role -> Publishers.just(Authentication.build(role.toLowerCase(), List.of(role))))
        .orElseGet(Publishers::empty);
  }

  /** The role {@code token} grants, or null. */
  public Optional<String> roleOf(String token) {
    byte[] given = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
    String granted = null;
    for (String role : Roles.ALL) {
      String expected = tokens.tokenFor(role);
      boolean match =
          expected != null
              && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given);
      if (match && granted == null) {
        granted = role;
      }
    }
    return Optional.ofNullable(granted);
  }
}
