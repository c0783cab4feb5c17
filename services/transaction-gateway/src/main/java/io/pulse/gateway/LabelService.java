package io.pulse.gateway;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.pulse.events.FraudLabel;
import io.pulse.events.FraudLabelCodec;
import io.pulse.service.AcknowledgedPublisher;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/**
 * Decodes a request into fraud labels (all valid, or an InvalidEventException) and publishes them
 * with the transactions' producer. A label sent again replaces the earlier one of its transaction.
 */
@Singleton
public class LabelService {
  private final FraudLabelCodec codec;
  private final Producer<String, byte[]> producer;
  private final AcknowledgedPublisher publisher;
  private final String topic;

  public LabelService(
      TransactionGatewayConfig config,
      @KafkaClient("transactions") Producer<String, byte[]> producer,
      AcknowledgedPublisher publisher,
      @Value("${pulse.topics.fraud-labels}") String topic) {
    this.codec = new FraudLabelCodec(Clock.systemUTC(), config.maxClockSkew());
    this.producer = producer;
    this.publisher = publisher;
    this.topic = topic;
  }

  public CompletableFuture<HttpResponse<?>> accept(byte[] body) {
    List<FraudLabel> labels = codec.decodeRequest(body);
    // Keyed by transactionId: the topic is compacted, and a label replaces its transaction's last.
    return publisher.publish(
        producer,
        topic,
        labels,
        FraudLabel::transactionId,
        FraudLabel::encode,
        FraudLabel::transactionId);
  }
}
