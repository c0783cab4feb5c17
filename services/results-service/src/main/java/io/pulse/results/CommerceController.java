package io.pulse.results;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;

/** Per-window order status counts (API.md). */
@Controller("/v1/commerce")
public class CommerceController {
  private final CommerceView view;

  public CommerceController(CommerceView view) {
    this.view = view;
  }

  @Get("/status-counts")
  public StatusCountsResponse statusCounts(
      @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
    TimeRange range = TimeRange.parse(from, to);
    return new StatusCountsResponse(view.between(range.from(), range.to()));
  }
}
