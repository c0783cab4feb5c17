package io.pulse.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The authentication contract of a protected endpoint (API.md): no token 401, a wrong token 401, a
 * token of the other role 403, each with the JSON error shape; and the refusal never echoes the
 * token.
 */
public final class AuthContract {
  private AuthContract() {}

  /** A protected endpoint: a POST with {@code body}, or a GET when {@code body} is null. */
  public record Endpoint(String path, String body) {
    HttpResponse<String> call(JsonHttp http) {
      return body == null ? http.get(path) : http.post(path, body);
    }
  }

  /**
   * Checks the refusals; the caller checks that the right token gets 2xx, which differs per
   * endpoint.
   *
   * @param otherRoleToken a valid token of the role that may not use this endpoint
   */
  public static void assertRefused(JsonHttp anonymous, Endpoint endpoint, String otherRoleToken) {
    assertRefusal(endpoint.call(anonymous), 401, "no token", null);
    assertRefusal(
        endpoint.call(anonymous.withBearer(TestCredentials.WRONG_TOKEN)),
        401,
        "wrong token",
        TestCredentials.WRONG_TOKEN);
    assertRefusal(
        endpoint.call(anonymous.withHeader("Authorization", "Basic dXNlcjpwYXNz")),
        401,
        "another scheme",
        null);
    assertRefusal(
        endpoint.call(anonymous.withBearer(otherRoleToken)),
        403,
        "the other role's token",
        otherRoleToken);
  }

  /**
   * A service started without its token refuses everything (fails closed): no token, the token it
   * would have had, and an empty bearer all get 401.
   */
  public static void assertFailsClosed(JsonHttp anonymous, Endpoint endpoint) {
    assertRefusal(endpoint.call(anonymous), 401, "no token", null);
    assertRefusal(
        endpoint.call(anonymous.withBearer(TestCredentials.INGEST_TOKEN)),
        401,
        "a token the service was not given",
        TestCredentials.INGEST_TOKEN);
    assertRefusal(
        endpoint.call(anonymous.withHeader("Authorization", "Bearer ")), 401, "empty bearer", null);
  }

  private static void assertRefusal(
      HttpResponse<String> response, int status, String what, String token) {
    assertEquals(status, response.statusCode(), what + ": " + response.body());
    Map<String, Object> error = JsonHttp.parseObject(response.body());
    assertTrue(error.get("error") instanceof String, what + ": " + response.body());
    assertTrue(error.containsKey("field"), what + ": " + response.body());
    assertEquals(null, error.get("field"), what + ": " + response.body());
    if (token != null) {
      assertFalse(response.body().contains(token), "the refusal echoes the token");
    }
  }

  /** The {@code pulse_auth_failures_total} samples of a /prometheus page, summed. */
  public static double failuresCounted(JsonHttp http, String reason) {
    return http.get("/prometheus")
        .body()
        .lines()
        .filter(
            l ->
                l.startsWith("pulse_auth_failures_total{")
                    && l.contains("reason=\"" + reason + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * Probes and metrics stay open; /health shows its status to anyone and its details only to a
   * caller with a valid token.
   */
  public static void assertProbesOpenAndHealthDetailsPrivate(JsonHttp anonymous, String token) {
    assertEquals(200, anonymous.get("/health/liveness").statusCode());
    assertEquals(200, anonymous.get("/health/readiness").statusCode());
    assertEquals(200, anonymous.get("/prometheus").statusCode());
    HttpResponse<String> open = anonymous.get("/health");
    assertEquals(200, open.statusCode(), open.body());
    Map<String, Object> health = JsonHttp.parseObject(open.body());
    assertEquals("UP", health.get("status"), open.body());
    assertFalse(health.containsKey("details"), "details to an anonymous caller: " + open.body());
    HttpResponse<String> authenticated = anonymous.withBearer(token).get("/health");
    assertTrue(
        JsonHttp.parseObject(authenticated.body()).containsKey("details"), authenticated.body());
  }
}
