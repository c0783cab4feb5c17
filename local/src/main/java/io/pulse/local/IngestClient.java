package io.pulse.local;

import io.pulse.simulator.social.FacebookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts JSON to an ingest service and insists on 202, as every ingest endpoint answers. Sends the
 * ingest token with every request, and signs Facebook deliveries with the app secret, as Facebook
 * would (API.md, "Authentication").
 */
public final class IngestClient {
  private static final String FACEBOOK_PATH = "/v1/social/facebook";

  private final URI base;
  private final LocalCredentials credentials;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public IngestClient(URI base, LocalCredentials credentials) {
    this.base = base;
    this.credentials = credentials;
  }

  public void post(String path, byte[] json) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    if (path.equals(FACEBOOK_PATH)) {
      request.header(
          FacebookSignature.HEADER, FacebookSignature.of(json, credentials.facebookAppSecret()));
    } else {
      request.header("Authorization", "Bearer " + credentials.ingestToken());
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IOException(
          base.resolve(path) + " answered " + response.statusCode() + ": " + response.body());
    }
  }
}
