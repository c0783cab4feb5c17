package io.pulse.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The credentials every service test configures (API.md, "Authentication"), and what clients send
 * with them. Test-only values, at least 32 characters like the generated ones.
 */
public final class TestCredentials {
  public static final String INGEST_TOKEN = "test-ingest-token-0123456789abcdefghijklmnop";
  public static final String READ_TOKEN = "test-read-token-0123456789abcdefghijklmnopqr";
  public static final String FACEBOOK_APP_SECRET = "test-facebook-app-secret-0123456789abcdef";
  public static final String WRONG_TOKEN = "not-a-pulse-token-0123456789abcdefghijklmno";

  private TestCredentials() {}

  /**
   * The service properties that configure them, the same keys the environment variables {@code
   * PULSE_INGEST_TOKEN}, {@code PULSE_READ_TOKEN} and {@code PULSE_FACEBOOK_APP_SECRET} fill.
   */
  public static Map<String, String> serviceProperties() {
    return Map.of(
        "pulse.ingest-token", INGEST_TOKEN,
        "pulse.read-token", READ_TOKEN,
        "pulse.social-ingest.facebook-app-secret", FACEBOOK_APP_SECRET);
  }

  /** {@link #serviceProperties()} with a test's own properties, which win. */
  /** A service's properties with its tokens left empty: how a misconfigured deployment starts. */
  public static Map<String, Object> withoutTokens(String bootstrapServers) {
    Map<String, Object> properties =
        new java.util.HashMap<>(
            withServiceProperties(
                Map.of(
                    "kafka.bootstrap.servers", bootstrapServers, "micronaut.server.port", "-1")));
    properties.put("pulse.ingest-token", "");
    properties.put("pulse.read-token", "");
    return properties;
  }

  public static Map<String, String> withServiceProperties(Map<String, String> own) {
    Map<String, String> all = new java.util.HashMap<>(serviceProperties());
    all.putAll(own);
    return all;
  }

  /** The environment of a service started as a process. */
  public static Map<String, String> environment() {
    return Map.of(
        "PULSE_INGEST_TOKEN", INGEST_TOKEN,
        "PULSE_READ_TOKEN", READ_TOKEN,
        "PULSE_FACEBOOK_APP_SECRET", FACEBOOK_APP_SECRET);
  }

  /** {@code X-Hub-Signature-256} of {@code body} with {@code secret}, as Facebook computes it. */
  public static String hubSignature(byte[] body, String secret) {
    return io.pulse.simulator.social.FacebookSignature.of(body, secret);
  }

  public static String hubSignature(String body) {
    return hubSignature(body.getBytes(StandardCharsets.UTF_8), FACEBOOK_APP_SECRET);
  }
}
