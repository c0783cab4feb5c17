package io.pulse.results;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.pulse.events.ScoredPost;
import io.pulse.events.SentimentWindow;
import io.pulse.events.SocialSource;
import java.util.Objects;
import java.util.function.Predicate;

/** Sentiment per 15-minute window and source (API.md), and the scored posts that explain them. */
@Controller("/v1/sentiment")
public class SentimentController {
  private final SentimentView view;

  public SentimentController(SentimentView view) {
    this.view = view;
  }

  /**
   * {@code ?source=&from=&to=&product=}: without {@code product}, the windows over all products of
   * a source; with it, that product's windows.
   */
  @Get(uri = "/windows", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> windows(
      @Nullable @QueryValue String source,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String product) {
    TimeRange range = TimeRange.parse(from, to);
    SocialSource wanted =
        source == null || source.isBlank() ? null : SocialSource.parse(source, "source");
    Predicate<SentimentWindow> filter =
        w ->
            (wanted == null || w.source() == wanted)
                && Objects.equals(w.product(), blankToNull(product));
    return HttpResponse.ok(
        TimeIndex.document("windows", view.windows.between(range.from(), range.to(), filter)));
  }

  /** {@code ?source=&from=&to=&limit=}: scored posts by creation time, newest first. */
  @Get(uri = "/posts", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> posts(
      @Nullable @QueryValue String source,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue Integer limit) {
    TimeRange range = TimeRange.parse(from, to);
    SocialSource wanted =
        source == null || source.isBlank() ? null : SocialSource.parse(source, "source");
    Predicate<ScoredPost> filter = p -> wanted == null || p.post().source() == wanted;
    return HttpResponse.ok(
        TimeIndex.document(
            "posts", view.posts.newest(range.from(), range.to(), filter, Limits.of(limit))));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
