package io.pulse.results;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.events.FraudAlert;
import io.pulse.events.FraudMinuteSummary;
import io.pulse.events.InvalidEventException;
import io.pulse.events.OrderStatusWindow;
import io.pulse.events.PipelineStatus;
import io.pulse.events.ResultKeys;
import io.pulse.events.ScoredPost;
import io.pulse.events.SentimentWindow;
import io.pulse.events.Topics;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each results record to the view it belongs to. A record that cannot be decoded is logged
 * and counted, never thrown: one bad record must not stop the view from updating.
 */
@Singleton
public class ResultRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ResultRouter.class);

  private final CommerceView commerce;
  private final PipelinesView pipelines;
  private final SentimentView sentiment;
  private final FraudView fraud;
  private final ResultBroadcaster broadcaster;
  private final MeterRegistry metrics;

  public ResultRouter(
      CommerceView commerce,
      PipelinesView pipelines,
      SentimentView sentiment,
      FraudView fraud,
      ResultBroadcaster broadcaster,
      MeterRegistry metrics) {
    this.commerce = commerce;
    this.pipelines = pipelines;
    this.sentiment = sentiment;
    this.fraud = fraud;
    this.broadcaster = broadcaster;
    this.metrics = metrics;
  }

  public void apply(String topic, String key, byte[] value) {
    try {
      if (value == null && !topic.equals(Topics.ORDER_STATUS_COUNTS)) {
        return;
      }
      switch (topic) {
        case Topics.ORDER_STATUS_COUNTS -> applyCounts(key, value);
        case Topics.PIPELINE_STATUS -> {
          PipelineStatus status = PipelineStatus.decode(value);
          pipelines.update(status);
          broadcaster.publish("pipeline", status);
        }
        case Topics.SENTIMENT_WINDOWS -> {
          SentimentWindow window = SentimentWindow.decode(value);
          sentiment.upsert(window, value);
          broadcaster.publishJson("sentiment", value);
        }
        case Topics.SCORED_POSTS -> {
          sentiment.upsert(ScoredPost.decode(value), value);
          broadcaster.publishJson("scored-post", value);
        }
        case Topics.FRAUD_ALERTS -> {
          fraud.upsert(FraudAlert.decode(value), value);
          broadcaster.publishJson("fraud-alert", value);
        }
        case Topics.FRAUD_SUMMARY -> {
          fraud.upsert(FraudMinuteSummary.decode(value), value);
          broadcaster.publishJson("fraud-summary", value);
        }
        default -> {
          return;
        }
      }
      metrics.counter("pulse.results.records", "topic", topic).increment();
    } catch (InvalidEventException | IllegalArgumentException e) {
      metrics.counter("pulse.results.undecodable", "topic", topic).increment();
      LOG.warn("skipping undecodable record topic={} key={}: {}", topic, key, e.getMessage());
    }
  }

  private void applyCounts(String key, byte[] value) {
    if (value == null) {
      // A tombstone deletes the window, as compaction will.
      ResultKeys.orderStatusWindowStart(key).ifPresent(commerce::remove);
      return;
    }
    OrderStatusWindow window = OrderStatusWindow.decode(value);
    commerce.upsert(window);
    broadcaster.publish("commerce", window);
  }
}
