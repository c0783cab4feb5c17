package io.pulse.service;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.pulse.events.InvalidEventException;
import jakarta.inject.Singleton;

/** A request that breaks the event contract: 400 with the rule it broke and where. */
@Produces
@Singleton
@Requires(classes = {InvalidEventException.class, ExceptionHandler.class})
public class InvalidEventHandler
    implements ExceptionHandler<InvalidEventException, HttpResponse<ApiError>> {
  private final IngestMetrics metrics;

  public InvalidEventHandler(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public HttpResponse<ApiError> handle(HttpRequest request, InvalidEventException e) {
    metrics.rejected(request.getPath());
    return HttpResponse.badRequest(new ApiError(e.getMessage(), e.field()));
  }
}
