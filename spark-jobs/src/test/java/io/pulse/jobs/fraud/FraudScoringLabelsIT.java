package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudAlert;
import io.pulse.events.FraudLabel;
import io.pulse.events.JsonReader;
import io.pulse.jobs.SparkSessions;
import io.pulse.testsupport.EmbeddedKafka;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A label that names only its transaction (a chargeback) against a real broker: FraudScoring
 * matches it with the scored transaction, writes the match to the scored-labels topic with the
 * scored record's fields, and the terminal's fraud risk of a transaction there a week later counts
 * it. A terminal without labels is the control.
 *
 * <p>The threshold is 0 so that every scored transaction alerts: the alert carries the features.
 */
class FraudScoringLabelsIT {
  private static final Instant T0 = Instant.parse("2026-10-01T12:00:00Z");
  private static final String RISK_1_DAY = FraudFeatures.terminalRisk(1);

  private static EmbeddedKafka kafka;
  private static SparkSession spark;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    spark = SparkSessions.create("fraud-scoring-labels-it", "local[2]", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
    kafka.close();
  }

  @Test
  void aLabelWithoutTerminalRaisesItsTerminalsRiskAWeekLater() throws Exception {
    Path registry = dir.resolve("models");
    FraudModelTrainer.run(spark, FraudModelTrainerIT.smallRunInRegistry(registry, "lr"));

    String in = "bank.transactions.lab";
    String labels = "bank.fraud-labels.lab";
    String alerts = "analytics.fraud-alerts.lab";
    String summary = "analytics.fraud-summary.lab";
    String scored = "bank.transactions.scored.lab";
    String scoredLabels = "bank.fraud-labels.scored.lab";
    kafka.createTopic(in, 2, false);
    kafka.createTopic(labels, 2, true);
    kafka.createTopic(alerts, 2, true);
    kafka.createTopic(summary, 1, true);
    kafka.createTopic(scored, 2, false);
    kafka.createTopic(scoredLabels, 2, true);
    kafka.createTopic(in + ".dlq", 1, false);
    kafka.createTopic(labels + ".dlq", 1, false);

    FraudScoringOptions options =
        FraudScoringOptions.parse(
            new String[] {
              "--kafka-bootstrap-servers",
              kafka.bootstrapServers(),
              "--input-topic",
              in,
              "--labels-topic",
              labels,
              "--output-topic",
              alerts,
              "--summary-topic",
              summary,
              "--scored-topic",
              scored,
              "--scored-labels-topic",
              scoredLabels,
              "--model-registry",
              registry.toString(),
              "--threshold",
              "0",
              "--checkpoint-location",
              dir.resolve("checkpoint").toString(),
              "--trigger-interval",
              "1 second",
              "--shuffle-partitions",
              "2"
            },
            Map.of());
    List<StreamingQuery> queries = FraudScoring.start(spark, options);
    StreamingQuery scoring = queries.get(0);
    try {
      // A week and a half of history at two terminals; k-1's first transaction turns out fraud.
      sendTransactions(in, tx("x-1", "c-1", "k-1", T0), tx("z-1", "c-3", "k-3", T0));
      scoring.processAllAvailable();
      awaitRecord(scored, r -> r.key().equals("x-1"));

      FraudLabel chargeback =
          new FraudLabel("x-1", null, null, true, T0.plus(Duration.ofDays(1)), "chargeback");
      kafka.send(labels, List.of(new SimpleEntry<>("x-1", FraudLabel.encode(chargeback))));
      ConsumerRecord<String, byte[]> matched = awaitRecord(scoredLabels, r -> true);
      assertEquals("x-1", matched.key());
      JsonNode m = JsonReader.parse(matched.value());
      assertEquals("k-1", m.get("terminalId").asText(), m.toString());
      assertEquals(T0, Instant.parse(m.get("timestamp").asText()), m.toString());
      assertEquals(0, new BigDecimal("20.00").compareTo(m.get("amount").decimalValue()));
      assertTrue(m.get("score").isNumber(), m.toString());
      assertTrue(m.get("alert").asBoolean(), "threshold 0: " + m);
      assertTrue(m.hasNonNull("modelVersion"), m.toString());
      assertTrue(m.get("fraud").asBoolean(), m.toString());
      assertEquals("chargeback", m.get("source").asText());
      assertEquals(chargeback.labelledAt(), Instant.parse(m.get("labelledAt").asText()));
      assertTrue(m.get(LabelJoin.RESOLVED).asBoolean(), m.toString());

      // The scoring query has read the label back (2 transactions, the label, the match).
      scoring.processAllAvailable();
      Instant later = T0.plus(Duration.ofHours(7 * 24 + 12));
      sendTransactions(in, tx("x-2", "c-2", "k-1", later), tx("z-2", "c-4", "k-3", later));
      scoring.processAllAvailable();
      awaitRecord(alerts, r -> r.key().equals("z-2"));
      awaitRecord(alerts, r -> r.key().equals("x-2"));

      Map<String, FraudAlert> byId = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : kafka.readAll(alerts)) {
        byId.put(r.key(), FraudAlert.decode(r.value()));
      }
      assertEquals(1.0, byId.get("x-2").features().get(RISK_1_DAY), byId.get("x-2").toString());
      assertEquals(0.0, byId.get("z-2").features().get(RISK_1_DAY), byId.get("z-2").toString());
      assertEquals(0.0, byId.get("x-1").features().get(RISK_1_DAY), "no history yet");
    } finally {
      for (StreamingQuery q : queries) {
        q.stop();
      }
    }
  }

  private static BankTransaction tx(String id, String customer, String terminal, Instant at) {
    return new BankTransaction(
        id, customer, terminal, new BigDecimal("20.00"), Currency.getInstance("EUR"), at);
  }

  private static void sendTransactions(String topic, BankTransaction... txs) {
    kafka.send(
        topic,
        java.util.Arrays.stream(txs)
            .map(
                t ->
                    (Map.Entry<String, byte[]>)
                        new SimpleEntry<>(t.customerId(), BankTransactionCodec.encode(t)))
            .toList());
  }

  private static ConsumerRecord<String, byte[]> awaitRecord(
      String topic, Predicate<ConsumerRecord<String, byte[]>> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : kafka.readAll(topic)) {
        if (wanted.test(r)) {
          return r;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no such record on " + topic + " within 3 minutes");
  }
}
