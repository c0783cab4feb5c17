package io.pulse.simulator.social;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What Facebook puts in {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the
 * raw body keyed with the app secret. The sending side, for the simulator and tests; social-ingest
 * verifies with its own {@code HubSignature}, and its tests hold the two together.
 */
public final class FacebookSignature {
  public static final String HEADER = "X-Hub-Signature-256";

  private FacebookSignature() {}

  public static String of(byte[] body, String appSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              appSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
