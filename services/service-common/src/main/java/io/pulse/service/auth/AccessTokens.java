package io.pulse.service.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The bearer tokens a service accepts (API.md, "Authentication"). Bound from {@code
 * pulse.ingest-token} and {@code pulse.read-token}, which Micronaut's environment property source
 * fills from {@code PULSE_INGEST_TOKEN} and {@code PULSE_READ_TOKEN}: the same names locally, in
 * the chart's Secret and in tests. A blank token accepts nothing (fail closed).
 *
 * @param ingestToken grants {@link Roles#INGEST}: may publish, may not read
 * @param readToken grants {@link Roles#READ}: may read results, may not publish
 */
@ConfigurationProperties("pulse")
public record AccessTokens(@Nullable String ingestToken, @Nullable String readToken) {
  public static final String INGEST_TOKEN_ENV = "PULSE_INGEST_TOKEN";
  public static final String READ_TOKEN_ENV = "PULSE_READ_TOKEN";

  /** The token that grants {@code role}, or null when none is configured. */
  @Nullable
  public String tokenFor(String role) {
    String token =
        switch (role) {
          case Roles.INGEST -> ingestToken;
          case Roles.READ -> readToken;
          default -> null;
        };
    return token == null || token.isBlank() ? null : token;
  }

  /** The environment variable that configures {@code role}'s token. */
  public static String envFor(String role) {
    return Roles.INGEST.equals(role) ? INGEST_TOKEN_ENV : READ_TOKEN_ENV;
  }
}
