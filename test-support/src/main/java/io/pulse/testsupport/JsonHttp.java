package io.pulse.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import io.pulse.events.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain JDK HTTP client for tests: a service is called over the wire, as clients call it. */
public final class JsonHttp {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final URI base;
  private final Map<String, String> headers;

  public JsonHttp(URI base) {
    this(base, Map.of());
  }

  private JsonHttp(URI base, Map<String, String> headers) {
    this.base = base;
    this.headers = headers;
  }

  /** A client that sends {@code Authorization: Bearer <token>} with every request. */
  public JsonHttp withBearer(String token) {
    return withHeader("Authorization", "Bearer " + token);
  }

  /** A client that sends {@code name: value} with every request (besides this one's headers). */
  public JsonHttp withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new JsonHttp(base, Map.copyOf(more));
  }

  public HttpResponse<String> post(String path, String body) {
    return post(path, body, "application/json");
  }

  public HttpResponse<String> post(String path, String body, String contentType) {
    return post(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
  }

  /** Posts raw bytes: bodies that are not valid UTF-8 text too. */
  public HttpResponse<String> post(String path, byte[] body, String contentType) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  /** A request to {@code path} carrying this client's headers, to finish and {@link #send}. */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
    headers.forEach(builder::header);
    return builder;
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Map<String, Object> parseObject(String json) {
    try {
      return JsonReader.mapper().readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new AssertionError("not a JSON object: " + json, e);
    }
  }
}
