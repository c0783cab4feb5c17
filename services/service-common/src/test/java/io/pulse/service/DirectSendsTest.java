package io.pulse.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a batch may skip the sender threads: only while the topic is being acknowledged. */
class DirectSendsTest {
  // A real producer; it connects to nothing until it sends, and nothing here sends.
  private final KafkaProducer<String, byte[]> producer =
      new KafkaProducer<>(
          Map.of(
              "bootstrap.servers", "localhost:1",
              "client.id", "direct-sends-test",
              "reconnect.backoff.ms", "60000",
              "reconnect.backoff.max.ms", "60000"),
          new StringSerializer(),
          new ByteArraySerializer());
  private final DirectSends direct = new DirectSends();

  @AfterEach
  void close() {
    producer.close();
  }

  @Test
  void neverBeforeTheTopicHasBeenAcknowledged() {
    assertFalse(direct.canSendDirectly(producer, "t"));
    direct.acknowledged("other");
    assertFalse(direct.canSendDirectly(producer, "t"));
  }

  @Test
  void whileTheTopicIsBeingAcknowledgedAndTheBufferIsFree() {
    direct.acknowledged("t");
    assertTrue(direct.canSendDirectly(producer, "t"));
  }

  @Test
  void notAfterAFailureUntilTheNextAcknowledgement() {
    direct.acknowledged("t");
    direct.failed("t");
    assertFalse(direct.canSendDirectly(producer, "t"));
    direct.acknowledged("t");
    assertTrue(direct.canSendDirectly(producer, "t"));
  }

  @Test
  void notOnceTheLastAcknowledgementIsOld() throws InterruptedException {
    direct.acknowledged("t");
    Thread.sleep(DirectSends.FRESH.toMillis() + 200);
    assertFalse(direct.canSendDirectly(producer, "t"));
  }
}
