package io.pulse.service;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a validated batch and answers once Kafka has acknowledged every record: 202 with the
 * count, or 503 when any send failed. The HTTP thread is never blocked on the broker.
 *
 * <p>A 503 may leave part of the batch published; the client retries with the same ids, and the
 * jobs drop the duplicates (orders by eventId, posts by source id, transactions by transactionId).
 */
@jakarta.inject.Singleton
public class AcknowledgedPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(AcknowledgedPublisher.class);
  private final IngestMetrics metrics;

  public AcknowledgedPublisher(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Publishes each record to {@code topic} with the managed {@code producer}, keyed by {@code key}.
   */
  public <T> CompletableFuture<HttpResponse<?>> publish(
      Producer<String, byte[]> producer,
      String topic,
      List<T> records,
      Function<T, String> key,
      Function<T, byte[]> value) {
    return publish(
        topic, records, r -> KafkaSends.send(producer, topic, key.apply(r), value.apply(r)));
  }

  public <T> CompletableFuture<HttpResponse<?>> publish(
      String topic, List<T> records, Function<T, CompletableFuture<?>> send) {
    CompletableFuture<?>[] sends;
    try {
      sends = records.stream().map(send).toArray(CompletableFuture[]::new);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(unavailable(topic, e));
    }
    return CompletableFuture.allOf(sends)
        .handle(
            (ok, failure) -> {
              if (failure != null) {
                return unavailable(topic, failure);
              }
              metrics.published(topic, records.size());
              return HttpResponse.status(HttpStatus.ACCEPTED).body(new Accepted(records.size()));
            });
  }

  private HttpResponse<?> unavailable(String topic, Throwable failure) {
    metrics.publishFailed(topic);
    LOG.warn("publish to {} failed: {}", topic, failure.toString());
    return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(
            new ApiError(
                "Kafka did not acknowledge every record ("
                    + rootMessage(failure)
                    + "); retry the same request: records carry ids, so duplicates are dropped",
                null));
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
