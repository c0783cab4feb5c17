package io.pulse.service;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

/**
 * Errors Micronaut raises itself (body too large, wrong content type, unknown path, bad query
 * parameter) in the same {@code {"error", "field"}} shape as Pulse's own.
 */
@Singleton
@Primary
@Replaces(JsonErrorResponseBodyProvider.class)
public class ApiErrorBodyProvider implements JsonErrorResponseBodyProvider<ApiError> {
  @Override
  public ApiError body(ErrorContext context, HttpResponse<?> response) {
    if (response.code() >= 500) {
      // Internals (stack messages, object dumps) stay in the log, not in the answer.
      return new ApiError(response.reason() + ": see the service log", null);
    }
    if (context.hasErrors()) {
      Error first = context.getErrors().get(0);
      return new ApiError(first.getMessage(), first.getPath().orElse(null));
    }
    return new ApiError(response.reason(), null);
  }
}
