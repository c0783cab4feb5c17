package io.pulse.results.session;

import io.micronaut.context.annotation.Factory;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import io.pulse.service.auth.AccessTokens;
import io.pulse.service.auth.Roles;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that signs dashboard session cookies (HS256 JWTs), derived at start as HMAC-SHA256 of a
 * fixed label keyed with the read token: every replica derives the same key without sharing another
 * secret, sessions survive a restart, and rotating the read token ends every session. Without a
 * read token the key is random, and no one can sign in anyway.
 */
@Factory
public class DashboardSessionKey {
  private static final byte[] LABEL =
      "pulse results-service dashboard session v1".getBytes(StandardCharsets.UTF_8);

  @Singleton
  @Named("generator")
  public SignatureGeneratorConfiguration sessionSignature(AccessTokens tokens) {
    SecretSignatureConfiguration config = new SecretSignatureConfiguration("generator");
    config.setSecret(derive(tokens.tokenFor(Roles.READ)));
    return new SecretSignature(config);
  }

  static String derive(String readToken) {
    byte[] key = new byte[32];
    if (readToken == null) {
      new SecureRandom().nextBytes(key);
    } else {
      key = readToken.getBytes(StandardCharsets.UTF_8);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(LABEL));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
