package io.pulse.results;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;

/** Fraud alerts and per-minute totals (API.md). */
@Controller("/v1/fraud")
public class FraudController {
  private final FraudView view;

  public FraudController(FraudView view) {
    this.view = view;
  }

  /** {@code ?from=&to=&limit=}: alerts by transaction time, newest first. */
  @Get(uri = "/alerts", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> alerts(
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue Integer limit) {
    TimeRange range = TimeRange.parse(from, to);
    return HttpResponse.ok(
        TimeIndex.document(
            "alerts", view.alerts.newest(range.from(), range.to(), a -> true, Limits.of(limit))));
  }

  /** {@code ?from=&to=}: one entry per minute, oldest first. */
  @Get(uri = "/summary", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> summary(
      @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
    TimeRange range = TimeRange.parse(from, to);
    return HttpResponse.ok(
        TimeIndex.document("minutes", view.minutes.between(range.from(), range.to(), m -> true)));
  }
}
