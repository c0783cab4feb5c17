package io.pulse.socialingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HubSignatureTest {
  private final HubSignature signature = new HubSignature("It's a Secret to Everybody");
  private final byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);

  @Test
  void matchesAKnownHmacSha256() {
    // HMAC-SHA256("It's a Secret to Everybody", "Hello, World!"): GitHub's documented example of
    // the same X-Hub-Signature-256 scheme.
    assertEquals(
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        signature.sign(body));
    assertTrue(signature.verify(body, signature.sign(body)));
  }

  @Test
  void rejectsAnythingElse() {
    assertFalse(signature.verify(body, null));
    assertFalse(signature.verify(body, "sha1=757107ea"));
    assertFalse(signature.verify(body, "sha256=not-hex"));
    assertFalse(
        signature.verify("Hello, World?".getBytes(StandardCharsets.UTF_8), signature.sign(body)));
  }

  @Test
  void acceptsWhatTheSimulatorAndTestsSign() {
    // The sending side (simulator, local runner, tests) has its own signer: both sides must agree.
    assertEquals(
        signature.sign(body),
        io.pulse.simulator.social.FacebookSignature.of(body, "It's a Secret to Everybody"));
  }
}
