package io.pulse.service;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How an ingest service hands batches to Kafka ({@code pulse.ingest.*}, or PULSE_INGEST_* in the
 * environment).
 *
 * @param publishTimeout how long a request may wait for Kafka to acknowledge its whole batch before
 *     it is answered 503 with Retry-After (default 5 s); the producer's {@code max.block.ms} should
 *     not exceed it
 * @param senderThreads threads that hand records to the producer, off the HTTP event loop (a send
 *     can block while the broker is unknown or the buffer is full)
 * @param maxQueuedBatches batches that may wait for a sender thread; beyond, requests are answered
 *     503 at once instead of piling up in memory
 */
@ConfigurationProperties("pulse.ingest")
public record PublishSettings(
    @Bindable(defaultValue = "5s") Duration publishTimeout,
    @Bindable(defaultValue = "2") int senderThreads,
    @Bindable(defaultValue = "1000") int maxQueuedBatches) {

  public PublishSettings {
    if (publishTimeout.isZero() || publishTimeout.isNegative()) {
      throw new IllegalArgumentException("pulse.ingest.publish-timeout must be positive");
    }
    if (senderThreads < 1 || maxQueuedBatches < 1) {
      throw new IllegalArgumentException(
          "pulse.ingest.sender-threads and max-queued-batches must be at least 1");
    }
  }

  /** Whole seconds for a Retry-After header, at least one. */
  public long retryAfterSeconds() {
    return Math.max(1, (publishTimeout.toMillis() + 999) / 1000);
  }
}
