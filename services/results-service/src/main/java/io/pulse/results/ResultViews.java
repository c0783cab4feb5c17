package io.pulse.results;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.events.FraudAlert;
import io.pulse.events.FraudMinuteSummary;
import io.pulse.events.FraudModelResult;
import io.pulse.events.OrderStatusWindow;
import io.pulse.events.ScoredPost;
import io.pulse.events.SentimentWindow;
import io.pulse.events.SocialSource;
import io.pulse.events.Topics;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every view and the routing table: which results topic feeds which view, how its records are
 * decoded (key, time, the attributes queries filter on) and under which name its updates go out on
 * the live stream.
 */
@Singleton
public class ResultViews {
  /** What a view keeps of a record besides its JSON. */
  record Indexed<A>(String key, Instant time, A attributes) {}

  /** One row of the routing table. */
  record Route<A>(
      String topic, String event, ResultView<A> view, Function<byte[], Indexed<A>> decoder) {
    void upsert(byte[] json) {
      Indexed<A> indexed = decoder.apply(json);
      view.upsert(indexed.key(), indexed.time(), indexed.attributes(), json);
    }
  }

  /** What sentiment window queries filter on; product null: all products of the source. */
  record WindowGroup(SocialSource source, String product) {}

  final ResultView<Void> commerce;
  final ResultView<WindowGroup> sentimentWindows;
  final ResultView<SocialSource> scoredPosts;
  final ResultView<Void> fraudAlerts;
  final ResultView<Void> fraudSummary;
  final ResultView<FraudModelResult> fraudModels;
  final AnswerCap answerCap;
  private final Map<String, Route<?>> routes = new LinkedHashMap<>();

  public ResultViews(ViewLimits limits, PipelinesView pipelines, MeterRegistry metrics) {
    commerce = new ResultView<>("commerce", limits.maxBytes("commerce"));
    sentimentWindows = new ResultView<>("sentiment-windows", limits.maxBytes("sentiment-windows"));
    scoredPosts = new ResultView<>("scored-posts", limits.maxBytes("scored-posts"));
    fraudAlerts = new ResultView<>("fraud-alerts", limits.maxBytes("fraud-alerts"));
    fraudSummary = new ResultView<>("fraud-summary", limits.maxBytes("fraud-summary"));
    fraudModels = new ResultView<>("fraud-models", limits.maxBytes("fraud-models"));
    answerCap = limits.answerCap();

    add(
        new Route<>(
            Topics.ORDER_STATUS_COUNTS,
            "commerce",
            commerce,
            json -> {
              OrderStatusWindow w = OrderStatusWindow.decode(json);
              return new Indexed<>(OrderStatusWindow.key(w.windowStart()), w.windowStart(), null);
            }));
    add(
        new Route<>(
            Topics.SENTIMENT_WINDOWS,
            "sentiment",
            sentimentWindows,
            json -> {
              SentimentWindow w = SentimentWindow.decode(json);
              return new Indexed<>(
                  w.key(), w.windowStart(), new WindowGroup(w.source(), w.product()));
            }));
    add(
        new Route<>(
            Topics.SCORED_POSTS,
            "scored-post",
            scoredPosts,
            json -> {
              ScoredPost p = ScoredPost.decode(json);
              return new Indexed<>(p.key(), p.post().createdAt(), p.post().source());
            }));
    add(
        new Route<>(
            Topics.FRAUD_ALERTS,
            "fraud-alert",
            fraudAlerts,
            json -> {
              FraudAlert a = FraudAlert.decode(json);
              return new Indexed<>(FraudAlert.key(a.transactionId()), a.timestamp(), null);
            }));
    add(
        new Route<>(
            Topics.FRAUD_SUMMARY,
            "fraud-summary",
            fraudSummary,
            json -> {
              FraudMinuteSummary m = FraudMinuteSummary.decode(json);
              return new Indexed<>(FraudMinuteSummary.key(m.windowStart()), m.windowStart(), null);
            }));
    add(
        new Route<>(
            Topics.FRAUD_MODELS,
            "fraud-model",
            fraudModels,
            json -> {
              FraudModelResult r = FraudModelResult.decode(json);
              return new Indexed<>(r.key(), r.updatedAt(), r);
            }));
    add(new Route<>(Topics.PIPELINE_STATUS, "pipeline", pipelines.reports(), PipelinesView::index));

    for (Route<?> route : routes.values()) {
      ResultView<?> view = route.view();
      Gauge.builder("pulse.results.view.bytes", view, ResultView::bytes)
          .tag("view", view.name())
          .description("bytes a view holds, overhead included (bounded by its max-bytes)")
          .register(metrics);
      Gauge.builder("pulse.results.view.entries", view, ResultView::size)
          .tag("view", view.name())
          .register(metrics);
      FunctionCounter.builder("pulse.results.view.evicted", view, v -> v.evicted())
          .tag("view", view.name())
          .description("entries evicted (oldest first) to stay within max-bytes")
          .register(metrics);
    }
  }

  private void add(Route<?> route) {
    routes.put(route.topic(), route);
  }

  /** The route of {@code topic}, empty for a topic this service does not serve. */
  Optional<Route<?>> route(String topic) {
    return Optional.ofNullable(routes.get(topic));
  }

  /** The topics the table routes, in its order: what the service subscribes to. */
  java.util.Set<String> topics() {
    return java.util.Collections.unmodifiableSet(routes.keySet());
  }
}
