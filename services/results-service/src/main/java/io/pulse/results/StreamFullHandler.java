package io.pulse.results;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.pulse.service.ApiError;
import jakarta.inject.Singleton;

/** {@code 503 {"error", "field": null}} with {@code Retry-After} when the stream is full. */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
public class StreamFullHandler
    implements ExceptionHandler<StreamFullException, HttpResponse<ApiError>> {
  /** Seconds: long enough for a dropped or closed stream to free its slot. */
  static final String RETRY_AFTER = "10";

  @Override
  public HttpResponse<ApiError> handle(HttpRequest request, StreamFullException e) {
    return HttpResponse.<ApiError>status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", RETRY_AFTER)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new ApiError(e.getMessage(), null));
  }
}
