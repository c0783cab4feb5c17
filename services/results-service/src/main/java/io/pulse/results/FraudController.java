package io.pulse.results;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;

/** Fraud alerts and per-minute totals (API.md). */
@Controller("/v1/fraud")
public class FraudController {
  private final ResultViews views;

  public FraudController(ResultViews views) {
    this.views = views;
  }

  @Operation(
      summary = "Fraud alerts by transaction time in [from, to), newest first",
      description = Paging.NEWEST_FIRST)
  @Get(uri = "/alerts", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> alerts(
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue Integer limit) {
    TimeRange range = TimeRange.parse(from, to);
    AnswerCap cap = views.answerCap.withLimit(Limits.of(limit));
    return JsonAnswer.of(
        "alerts", views.fraudAlerts.newest(range.from(), range.to(), a -> true, cap));
  }

  @Operation(
      summary = "Transactions and alerts per minute in [from, to), oldest first",
      description = Paging.OLDEST_FIRST)
  @Get(uri = "/summary", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> summary(
      @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
    TimeRange range = TimeRange.parse(from, to);
    return JsonAnswer.of(
        "minutes", views.fraudSummary.oldest(range.from(), range.to(), a -> true, views.answerCap));
  }

  @Operation(
      summary = "The model registry's versions with their roles, offline metrics and live counts",
      description =
          "live, shadow and previous (earlier live versions, the last one is what a rollback"
              + " returns to); per version: role (live, shadow, previous or candidate), model,"
              + " threshold, offline (the trainer's test metrics), scored, alerts, labelled, the"
              + " confusion matrix of its alerts against labels, precision and recall (null"
              + " while undefined)")
  @Get(uri = "/models", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> models() {
    return HttpResponse.ok(FraudModelsAnswer.of(views.fraudModels.all()))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
