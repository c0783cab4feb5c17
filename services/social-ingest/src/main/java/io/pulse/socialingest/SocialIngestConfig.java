package io.pulse.socialingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.List;

/**
 * social-ingest settings ({@code pulse.social-ingest.*}, or PULSE_SOCIAL_INGEST_* in the
 * environment).
 *
 * @param maxClockSkew how far in the future a post's time may be, default 5 minutes
 * @param trackedProducts product and brand names to look for in the text of posts and tweets
 * @param facebookAppSecret deliveries to /v1/social/facebook must be signed with it; blank refuses
 *     every delivery
 * @param facebookVerifyToken the hub.verify_token Facebook must present in the subscription
 *     handshake; blank refuses every handshake
 */
@ConfigurationProperties("pulse.social-ingest")
public record SocialIngestConfig(
    Duration maxClockSkew,
    @Nullable List<String> trackedProducts,
    @Nullable String facebookAppSecret,
    @Nullable String facebookVerifyToken) {

  public SocialIngestConfig {
    trackedProducts = trackedProducts == null ? List.of() : List.copyOf(trackedProducts);
    if (maxClockSkew == null) {
      maxClockSkew = Duration.ofMinutes(5);
    }
  }
}
