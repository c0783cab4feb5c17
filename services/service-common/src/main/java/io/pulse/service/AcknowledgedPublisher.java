package io.pulse.service;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a validated batch and answers once Kafka has acknowledged every record: 202 with the
 * count (and the ids, where records carry them), or 503 with Retry-After when Kafka did not take
 * the whole batch within {@link PublishSettings#publishTimeout()}.
 *
 * <p>The HTTP event loop never waits on the producer: {@code send} blocks while the topic's
 * metadata is unknown or the buffer is full, so such sends run on a few sender threads behind a
 * bounded queue, and the answer's deadline runs from the request's arrival, whatever the senders
 * are doing. A batch whose deadline has passed is not sent any further. While Kafka is
 * acknowledging and the buffer has room ({@link DirectSends}), a send cannot block, and the batch
 * is handed to the producer on the caller's thread: the hop to a sender thread and back cost more
 * than the send.
 *
 * <p>A 503 may leave part of the batch published; the client retries with the same ids, and the
 * jobs drop the duplicates (orders by eventId, posts by source id, transactions by transactionId).
 */
@Singleton
public class AcknowledgedPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(AcknowledgedPublisher.class);
  private final IngestMetrics metrics;
  private final PublishSettings settings;
  private final ThreadPoolExecutor senders;
  private final DirectSends direct = new DirectSends();

  public AcknowledgedPublisher(IngestMetrics metrics, PublishSettings settings) {
    this.metrics = metrics;
    this.settings = settings;
    AtomicInteger n = new AtomicInteger();
    this.senders =
        new ThreadPoolExecutor(
            settings.senderThreads(),
            settings.senderThreads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(settings.maxQueuedBatches()),
            r -> {
              Thread t = new Thread(r, "kafka-sender-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Publishes each record to {@code topic} with the managed {@code producer}, keyed by {@code key};
   * {@code id} (nullable) names each record in the answer.
   */
  public <T> CompletableFuture<HttpResponse<?>> publish(
      Producer<String, byte[]> producer,
      String topic,
      List<T> records,
      Function<T, String> key,
      Function<T, byte[]> value,
      Function<T, String> id) {
    List<String> ids = id == null ? null : records.stream().map(id).toList();
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(accepted(0, ids));
    }
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    // The deadline counts from now, not from when a sender thread gets to the batch.
    acknowledged.orTimeout(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    try {
      if (direct.canSendDirectly(producer, topic)) {
        sendAll(producer, topic, records, key, value, acknowledged);
      } else {
        senders.execute(() -> sendAll(producer, topic, records, key, value, acknowledged));
      }
    } catch (RejectedExecutionException e) {
      acknowledged.completeExceptionally(
          new IllegalStateException(
              "more than " + settings.maxQueuedBatches() + " batches wait for Kafka"));
    }
    return acknowledged.handle(
        (ok, failure) -> {
          if (failure != null) {
            direct.failed(topic);
            return unavailable(topic, failure, ids);
          }
          metrics.published(topic, records.size());
          return accepted(records.size(), ids);
        });
  }

  private <T> void sendAll(
      Producer<String, byte[]> producer,
      String topic,
      List<T> records,
      Function<T, String> key,
      Function<T, byte[]> value,
      CompletableFuture<Void> acknowledged) {
    CompletableFuture<?>[] sends = new CompletableFuture<?>[records.size()];
    try {
      for (int i = 0; i < sends.length; i++) {
        if (acknowledged.isDone()) {
          return; // answered 503 already: the client resends the whole batch
        }
        T r = records.get(i);
        sends[i] = KafkaSends.send(producer, topic, key.apply(r), value.apply(r));
      }
    } catch (RuntimeException e) {
      acknowledged.completeExceptionally(e);
      return;
    }
    CompletableFuture.allOf(sends)
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                direct.failed(topic);
                acknowledged.completeExceptionally(failure);
              } else {
                direct.acknowledged(topic);
                acknowledged.complete(null);
              }
            });
  }

  private static HttpResponse<?> accepted(int count, List<String> ids) {
    return HttpResponse.status(HttpStatus.ACCEPTED)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(new Accepted(count, ids).toJson());
  }

  private HttpResponse<?> unavailable(String topic, Throwable failure, List<String> ids) {
    metrics.publishFailed(topic);
    String why =
        rootCause(failure) instanceof TimeoutException
            ? "Kafka did not acknowledge the batch within "
                + settings.publishTimeout().toMillis()
                + " ms"
            : "Kafka did not acknowledge every record (" + rootMessage(failure) + ")";
    LOG.warn("publish to {} refused: {}", topic, why);
    return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", Long.toString(settings.retryAfterSeconds()))
        .body(
            new Unavailable(
                why
                    + "; retry the same request"
                    + (ids == null ? "" : " with these eventIds")
                    + ": records carry ids, so duplicates are dropped",
                null,
                ids));
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = rootCause(t);
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  @PreDestroy
  void close() {
    senders.shutdownNow();
  }
}
