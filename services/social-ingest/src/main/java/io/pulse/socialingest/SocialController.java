package io.pulse.socialingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.pulse.service.ApiError;
import io.pulse.service.IngestMetrics;
import io.pulse.service.auth.AuthFailures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three feeds. Bodies are taken raw: the Facebook signature is over the exact bytes sent, and
 * every problem, down to a malformed document, is reported in Pulse's own error shape.
 */
@Controller("/v1/social")
public class SocialController {
  private static final String FACEBOOK_PATH = "/v1/social/facebook";

  private final SocialPostService service;
  private final IngestMetrics metrics;
  private static final Logger LOG = LoggerFactory.getLogger(SocialController.class);

  private final AuthFailures authFailures;
  private final HubSignature signature;
  private final String verifyToken;

  public SocialController(
      SocialPostService service,
      IngestMetrics metrics,
      SocialIngestConfig config,
      AuthFailures authFailures) {
    this.service = service;
    this.metrics = metrics;
    this.authFailures = authFailures;
    String secret = config.facebookAppSecret();
    this.signature = secret == null || secret.isBlank() ? null : new HubSignature(secret);
    if (signature == null) {
      LOG.error(
          "PULSE_FACEBOOK_APP_SECRET is not set: every delivery to {} is refused (fail closed)",
          FACEBOOK_PATH);
    }
    this.verifyToken = config.facebookVerifyToken();
  }

  /**
   * A delivery is accepted only with a valid signature: missing 401, wrong 403, and without a
   * configured app secret nothing can be verified, so everything is refused (never accepted
   * unsigned).
   */
  @Post(uri = "/facebook", processes = MediaType.APPLICATION_JSON)
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<?>> facebook(
      HttpRequest<?> request,
      @Body byte[] body,
      @Nullable @Header(HubSignature.HEADER) String hubSignature) {
    if (hubSignature == null) {
      return rejected(
          request,
          AuthFailures.Reason.MISSING,
          HttpStatus.UNAUTHORIZED,
          HubSignature.HEADER + " is required: sign the body with the app secret");
    }
    if (signature == null) {
      return rejected(
          request,
          AuthFailures.Reason.NOT_CONFIGURED,
          HttpStatus.FORBIDDEN,
          "no Facebook app secret is configured (PULSE_FACEBOOK_APP_SECRET): deliveries are"
              + " refused");
    }
    if (!signature.verify(body, hubSignature)) {
      return rejected(
          request,
          AuthFailures.Reason.INVALID,
          HttpStatus.FORBIDDEN,
          HubSignature.HEADER + " does not match the body signed with the app secret");
    }
    return service.facebook(body);
  }

  /**
   * The subscription handshake: Facebook sends hub.mode=subscribe with the verify token it was
   * given and expects hub.challenge echoed as the plain body.
   */
  @Get(uri = "/facebook")
  @Produces(MediaType.TEXT_PLAIN)
  public HttpResponse<?> facebookHandshake(
      @Nullable @QueryValue("hub.mode") String mode,
      @Nullable @QueryValue("hub.verify_token") String token,
      @Nullable @QueryValue("hub.challenge") String challenge) {
    if (!"subscribe".equals(mode) || challenge == null) {
      metrics.rejected(FACEBOOK_PATH);
      return HttpResponse.badRequest(
              new ApiError("expected hub.mode=subscribe with a hub.challenge", "hub.mode"))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
    if (verifyToken == null
        || verifyToken.isBlank()
        || token == null
        || !MessageDigest.isEqual(
            verifyToken.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      metrics.rejected(FACEBOOK_PATH);
      return HttpResponse.status(HttpStatus.FORBIDDEN)
          .body(new ApiError("hub.verify_token does not match", "hub.verify_token"))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
    return HttpResponse.ok(challenge).contentType(MediaType.TEXT_PLAIN_TYPE);
  }

  @Post(uri = "/twitter", processes = MediaType.APPLICATION_JSON)
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<?>> twitter(@Body byte[] body) {
    return service.twitter(body);
  }

  @Post(uri = "/reviews", processes = MediaType.APPLICATION_JSON)
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<?>> reviews(@Body byte[] body) {
    return service.reviews(body);
  }

  private CompletableFuture<HttpResponse<?>> rejected(
      HttpRequest<?> request, AuthFailures.Reason reason, HttpStatus status, String message) {
    authFailures.record(request, reason);
    return CompletableFuture.completedFuture(
        HttpResponse.status(status).body(new ApiError(message, HubSignature.HEADER)));
  }
}
