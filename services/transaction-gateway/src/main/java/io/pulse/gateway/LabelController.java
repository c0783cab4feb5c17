package io.pulse.gateway;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.util.concurrent.CompletableFuture;

/** {@code POST /v1/transactions/labels}: one fraud label or an array (API.md). */
@Controller("/v1/transactions/labels")
public class LabelController {
  private final LabelService service;

  public LabelController(LabelService service) {
    this.service = service;
  }

  @Post(processes = MediaType.APPLICATION_JSON)
  @Consumes(MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<?>> post(@Body byte[] body) {
    return service.accept(body);
  }
}
