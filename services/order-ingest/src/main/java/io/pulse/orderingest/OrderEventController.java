package io.pulse.orderingest;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/orders/events}: one event or an array. The body is taken raw so that every
 * problem, down to a malformed document, is reported in Pulse's own error shape.
 */
@Controller("/v1/orders")
public class OrderEventController {
  private final OrderEventService service;

  public OrderEventController(OrderEventService service) {
    this.service = service;
  }

  @Post(uri = "/events", processes = MediaType.APPLICATION_JSON)
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<?>> post(@Body byte[] body) {
    return service.accept(body);
  }
}
