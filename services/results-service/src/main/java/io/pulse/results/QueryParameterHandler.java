package io.pulse.results;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.pulse.service.ApiError;
import jakarta.inject.Singleton;

/** {@code 400 {"error", "field"}} with the query parameter's name as the field. */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
public class QueryParameterHandler
    implements ExceptionHandler<QueryParameterException, HttpResponse<ApiError>> {
  @Override
  public HttpResponse<ApiError> handle(HttpRequest request, QueryParameterException e) {
    return HttpResponse.badRequest(new ApiError(e.getMessage(), e.parameter()));
  }
}
