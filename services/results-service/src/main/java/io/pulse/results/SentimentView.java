package io.pulse.results;

import io.micronaut.context.annotation.Value;
import io.pulse.events.ScoredPost;
import io.pulse.events.SentimentWindow;
import jakarta.inject.Singleton;

/** Sentiment windows per source (and per product), and the scored posts behind them. */
@Singleton
public class SentimentView {
  final TimeIndex<SentimentWindow> windows;
  final TimeIndex<ScoredPost> posts;

  public SentimentView(
      @Value("${pulse.results.max-windows}") int maxWindows,
      @Value("${pulse.results.max-posts}") int maxPosts) {
    this.windows = new TimeIndex<>(maxWindows);
    this.posts = new TimeIndex<>(maxPosts);
  }

  public void upsert(SentimentWindow window, byte[] json) {
    windows.upsert(window.key(), window.windowStart(), window, json);
  }

  public void upsert(ScoredPost post, byte[] json) {
    posts.upsert(post.key(), post.post().createdAt(), post, json);
  }
}
