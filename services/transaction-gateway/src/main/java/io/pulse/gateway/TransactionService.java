package io.pulse.gateway;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.service.AcknowledgedPublisher;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/**
 * Decodes a request into transactions (all valid, or an InvalidEventException) and publishes them.
 * A resent transaction is published again and dropped by FraudScoring by its transactionId: the
 * gateway keeps no state, so any replica can take any request.
 */
@Singleton
public class TransactionService {
  private final BankTransactionCodec codec;
  private final Producer<String, byte[]> producer;
  private final AcknowledgedPublisher publisher;
  private final String topic;

  public TransactionService(
      TransactionGatewayConfig config,
      @KafkaClient("transactions") Producer<String, byte[]> producer,
      AcknowledgedPublisher publisher,
      @Value("${pulse.topics.bank-transactions}") String topic) {
    this.codec = new BankTransactionCodec(Clock.systemUTC(), config.maxClockSkew());
    this.producer = producer;
    this.publisher = publisher;
    this.topic = topic;
  }

  public CompletableFuture<HttpResponse<?>> accept(byte[] body) {
    List<BankTransaction> transactions = codec.decodeRequest(body);
    // Keyed by customerId: a customer's transactions stay in order for the per-customer features.
    return publisher.publish(
        producer,
        topic,
        transactions,
        BankTransaction::customerId,
        BankTransactionCodec::encode,
        null);
  }
}
