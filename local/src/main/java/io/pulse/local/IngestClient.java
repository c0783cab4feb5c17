package io.pulse.local;

import io.pulse.simulator.social.FacebookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts JSON to an ingest service as a well-behaved client does: 202 is success; 503 (Kafka did not
 * take the batch in time) and a refused connection (the service is restarting) are retried with the
 * same body, after the Retry-After the service asks for, until {@code giveUpAfter}. The simulator's
 * records carry their ids, so a retry never counts twice. Any other answer is an error. Sends the
 * ingest token with every request, and signs Facebook deliveries with the app secret, as Facebook
 * would (API.md, "Authentication").
 */
public final class IngestClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final String FACEBOOK_PATH = "/v1/social/facebook";
  private final URI base;
  private final LocalCredentials credentials;
  private final Duration giveUpAfter;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong longestRequestNanos = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  public IngestClient(URI base, LocalCredentials credentials) {
    this(base, credentials, Duration.ofMinutes(2));
  }

  public IngestClient(URI base, LocalCredentials credentials, Duration giveUpAfter) {
    this.base = base;
    this.credentials = credentials;
    this.giveUpAfter = giveUpAfter;
  }

  public void post(String path, byte[] json) throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    if (path.equals(FACEBOOK_PATH)) {
      builder.header(
          FacebookSignature.HEADER, FacebookSignature.of(json, credentials.facebookAppSecret()));
    } else {
      builder.header("Authorization", "Bearer " + credentials.ingestToken());
    }
    HttpRequest request = builder.build();
    long deadline = System.nanoTime() + giveUpAfter.toNanos();
    while (true) {
      Duration wait;
      String problem;
      long started = System.nanoTime();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
          return;
        }
        if (response.statusCode() != 503) {
          throw new IOException(
              base.resolve(path) + " answered " + response.statusCode() + ": " + response.body());
        }
        problem = "503: " + response.body();
        wait = retryAfter(response);
      } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
        problem = "not reachable (" + e + ")";
        wait = Duration.ofSeconds(1);
      } finally {
        longestRequestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
      }
      if (System.nanoTime() + wait.toNanos() > deadline) {
        throw new IOException(
            base.resolve(path) + " still refuses after " + giveUpAfter + ": " + problem);
      }
      retries.incrementAndGet();
      Thread.sleep(wait.toMillis());
    }
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    try {
      return Duration.ofSeconds(
          Math.max(
              1, Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").trim())));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  /** The longest single request so far (a retried post counts each attempt on its own). */
  public Duration longestRequest() {
    return Duration.ofNanos(longestRequestNanos.get());
  }

  /** How many attempts were retried. */
  public long retries() {
    return retries.get();
  }
}
