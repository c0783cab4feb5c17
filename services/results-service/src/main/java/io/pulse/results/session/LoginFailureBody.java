package io.pulse.results.session;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.pulse.service.ApiError;

/**
 * Micronaut Security's login endpoint answers a failed sign-in with an empty 401; Pulse's clients
 * expect every refusal in the {@code {"error", "field"}} shape (API.md).
 */
@ServerFilter("${micronaut.security.endpoints.login.path:/login}")
public class LoginFailureBody {
  @ResponseFilter
  public void describe(MutableHttpResponse<?> response) {
    if (response.getStatus() == HttpStatus.UNAUTHORIZED && response.getBody().isEmpty()) {
      response
          .body(new ApiError("sign in with the read token (PULSE_READ_TOKEN)", null))
          .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
  }
}
