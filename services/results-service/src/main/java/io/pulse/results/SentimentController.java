package io.pulse.results;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.pulse.events.InvalidEventException;
import io.pulse.events.SocialSource;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Objects;

/** Sentiment per 15-minute window and source (API.md), and the scored posts that explain them. */
@Controller("/v1/sentiment")
public class SentimentController {
  private final ResultViews views;

  public SentimentController(ResultViews views) {
    this.views = views;
  }

  /**
   * {@code ?source=&from=&to=&product=}: without {@code product}, the windows over all products of
   * a source; with it, that product's windows.
   */
  @Operation(
      summary = "Sentiment per window and source in [from, to), oldest first",
      description = Paging.OLDEST_FIRST)
  @Get(uri = "/windows", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> windows(
      @Nullable @QueryValue String source,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String product) {
    TimeRange range = TimeRange.parse(from, to);
    SocialSource wanted = source(source);
    String wantedProduct = product == null || product.isBlank() ? null : product;
    return JsonAnswer.of(
        "windows",
        views.sentimentWindows.oldest(
            range.from(),
            range.to(),
            g ->
                (wanted == null || g.source() == wanted)
                    && Objects.equals(g.product(), wantedProduct),
            views.answerCap));
  }

  /** {@code ?source=&from=&to=&limit=}: scored posts by creation time, newest first. */
  @Operation(
      summary = "Scored posts by creation time in [from, to), newest first",
      description = Paging.NEWEST_FIRST)
  @Get(uri = "/posts", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> posts(
      @Nullable @QueryValue String source,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue Integer limit) {
    TimeRange range = TimeRange.parse(from, to);
    SocialSource wanted = source(source);
    AnswerCap cap = views.answerCap.withLimit(Limits.of(limit));
    return JsonAnswer.of(
        "posts",
        views.scoredPosts.newest(
            range.from(), range.to(), s -> wanted == null || s == wanted, cap));
  }

  private static SocialSource source(String source) {
    if (source == null || source.isBlank()) {
      return null;
    }
    try {
      return SocialSource.parse(source, "source");
    } catch (InvalidEventException e) {
      throw new QueryParameterException(e.getMessage(), "source");
    }
  }
}
