package io.pulse.bench.bare;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The least an acknowledged ingest endpoint can do: the body's bytes as the record value, keyed by
 * the {@code X-Order-Key} header (the load generator puts the body's orderId there, so records land
 * in the same partitions as order-ingest's), sent from the event loop, 202 after the broker's ack.
 */
@Controller
public class BareIngestController {
  private static final byte[] ACCEPTED = "{\"accepted\":1}".getBytes();
  private final Producer<String, byte[]> producer;
  private final String topic;

  public BareIngestController(
      @KafkaClient("order-events") Producer<String, byte[]> producer,
      @Value("${pulse.topics.order-status-events}") String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Post(uri = "/v1/orders/events", processes = MediaType.APPLICATION_JSON)
  public CompletableFuture<HttpResponse<byte[]>> post(
      @Body byte[] body, @Header("X-Order-Key") String key) {
    CompletableFuture<HttpResponse<byte[]>> answer = new CompletableFuture<>();
    producer.send(
        new ProducerRecord<>(topic, key, body),
        (metadata, error) -> {
          if (error != null) {
            answer.complete(HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE));
          } else {
            answer.complete(
                HttpResponse.<byte[]>status(HttpStatus.ACCEPTED)
                    .contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(ACCEPTED));
          }
        });
    return answer;
  }

  /** What the benchmark polls until the app is up. */
  @Get("/health")
  public String health() {
    return "{\"status\":\"UP\"}";
  }
}
