package io.pulse.results;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;

/** Per-window order status counts (API.md). */
@Controller("/v1/commerce")
public class CommerceController {
  private final ResultViews views;

  public CommerceController(ResultViews views) {
    this.views = views;
  }

  @Operation(
      summary = "Order status counts per one-minute window in [from, to), oldest first",
      description = Paging.OLDEST_FIRST)
  @Get(uri = "/status-counts", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> statusCounts(
      @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
    TimeRange range = TimeRange.parse(from, to);
    return JsonAnswer.of(
        "windows", views.commerce.oldest(range.from(), range.to(), a -> true, views.answerCap));
  }
}
