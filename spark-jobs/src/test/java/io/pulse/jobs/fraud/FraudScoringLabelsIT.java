package io.pulse.jobs.fraud;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudAlert;
import io.pulse.events.FraudLabel;
import io.pulse.events.JsonReader;
import io.pulse.events.Pipeline;
import io.pulse.events.PipelineStatus;
import io.pulse.events.Topics;
import io.pulse.jobs.KafkaAndSpark;
import io.pulse.jobs.LateEvents;
import io.pulse.jobs.PipelineStatusReporter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  @RegisterExtension static final KafkaAndSpark env = new KafkaAndSpark("fraud-scoring-labels-it");

  @TempDir static Path dir;

  /** One small trained registry for the tests of this class. */
  private static synchronized Path registry() {
    Path registry = dir.resolve("models");
    if (!java.nio.file.Files.isDirectory(registry)) {
      FraudModelTrainer.run(env.spark(), FraudModelTrainerIT.smallRunInRegistry(registry, "lr"));
    }
    return registry;
  }

  @Test
  void aLabelWithoutTerminalRaisesItsTerminalsRiskAWeekLater() throws Exception {
    Path registry = registry();

    FraudScoringOptions options =
        startTopicsAndOptions("lab", registry, "checkpoint", "--threshold", "0");
    String in = options.streaming().inputTopic();
    String labels = options.labelsTopic();
    String alerts = options.streaming().outputTopic();
    String scored = options.scoredTopic();
    String scoredLabels = options.scoredLabelsTopic();
    List<StreamingQuery> queries = FraudScoring.start(env.spark(), options);
    StreamingQuery scoring = queries.get(0);
    try {
      // A week and a half of history at two terminals; k-1's first transaction turns out fraud.
      sendTransactions(in, tx("x-1", "c-1", "k-1", T0), tx("z-1", "c-3", "k-3", T0));
      scoring.processAllAvailable();
      awaitRecord(scored, r -> r.key().equals("x-1"));

      FraudLabel chargeback =
          new FraudLabel("x-1", null, null, true, T0.plus(Duration.ofDays(1)), "chargeback");
      env.kafka().send(labels, List.of(new SimpleEntry<>("x-1", FraudLabel.encode(chargeback))));
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
      for (ConsumerRecord<String, byte[]> r : env.kafka().readAll(alerts)) {
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

  /**
   * A label behind the label join's watermark (backdated) and one that no scored transaction ever
   * matches: neither is lost. The first goes to the labels' dead-letter topic as late and is
   * counted on the pipeline's status; the second as unmatched once the watermark passes it. Matched
   * labels go to neither. The join's watermark is the older of its inputs' (Spark's min policy):
   * newest transaction time and newest labelledAt, each minus the 10-minute delay.
   */
  @Test
  void aBackdatedLabelIsDeadLetteredAsLateAndCountedAndAnUnmatchedOneAsUnmatched()
      throws Exception {
    Path registry = registry();
    env.kafka().createTopic(Topics.PIPELINE_STATUS, 1, true);
    FraudScoringOptions options = startTopicsAndOptions("late", registry, "checkpoint-late");
    String in = options.streaming().inputTopic();
    String labels = options.labelsTopic();
    String scored = options.scoredTopic();
    String scoredLabels = options.scoredLabelsTopic();
    String labelsDlq = labels + ".dlq";
    assertEquals(labelsDlq, options.labelsDeadLetterTopic());
    LateEvents late =
        new LateEvents(
            env.spark(),
            options.streaming().kafka(),
            options.streaming().deadLetterTopic(),
            List.of(FraudScoring.lateLabels(options)));
    PipelineStatusReporter reporter =
        new PipelineStatusReporter(
            Pipeline.FRAUD_SCORING.id(),
            FraudScoring.SCORING_QUERY,
            options.streaming().kafka(),
            Map.of(),
            late);
    env.spark().streams().addListener(reporter);
    env.spark().streams().addListener(late);
    List<StreamingQuery> queries = FraudScoring.start(env.spark(), options);
    StreamingQuery join = queries.get(4);
    assertEquals(FraudScoring.LABEL_JOIN_QUERY, join.name());
    Instant day1 = T0.plus(Duration.ofDays(1));
    Instant day2 = T0.plus(Duration.ofDays(2));
    try {
      // In time order, one after the other: nothing behind any watermark yet.
      sendTransactions(in, tx("a-1", "c-1", "k-1", T0));
      awaitRecord(scored, r -> r.key().equals("a-1"));
      sendTransactions(in, tx("b-1", "c-2", "k-2", day1));
      awaitRecord(scored, r -> r.key().equals("b-1"));
      sendLabel(labels, new FraudLabel("b-1", null, null, true, day1.plusSeconds(3600), "bank"));
      awaitRecord(scoredLabels, r -> r.key().equals("b-1"));
      join.processAllAvailable();

      // The join's watermark is now a day past a-1's time: a label of a-1 backdated to then is
      // behind it; a label of a transaction never scored is not (yet).
      FraudLabel backdated =
          new FraudLabel("a-1", null, null, true, T0.plusSeconds(7200), "investigator");
      sendLabel(labels, backdated);
      sendLabel(
          labels, new FraudLabel("ghost-1", null, null, true, day1.plusSeconds(7200), "bank"));
      JsonNode lateLetter = JsonReader.parse(awaitRecord(labelsDlq, r -> true).value());
      assertTrue(
          lateLetter.get("error").asText().startsWith("late: labelledAt"), lateLetter.toString());
      assertEquals("$.labelledAt", lateLetter.get("field").asText(), lateLetter.toString());
      assertEquals(labels, lateLetter.get("topic").asText());
      assertEquals(backdated, FraudLabel.decode(lateLetter.get("value").asText().getBytes(UTF_8)));
      PipelineStatus counted = awaitLateEvents(1);
      assertEquals(1, counted.lateEvents(), "only the late label, not the join's other drops");

      // A day later (transactions and labels), the watermark passes ghost-1's labelledAt: no
      // transaction matched it, so it leaves the join unmatched; b-1's matched label does not.
      sendTransactions(in, tx("c-1", "c-3", "k-3", day2));
      awaitRecord(scored, r -> r.key().equals("c-1"));
      sendLabel(labels, new FraudLabel("c-1", null, null, false, day2.plusSeconds(3600), "bank"));
      awaitRecord(scoredLabels, r -> r.key().equals("c-1"));
      ConsumerRecord<String, byte[]> unmatched =
          awaitRecord(labelsDlq, r -> r.key().equals("ghost-1"));
      join.processAllAvailable();
      JsonNode letter = JsonReader.parse(unmatched.value());
      assertTrue(letter.get("error").asText().startsWith("unmatched:"), letter.toString());
      assertEquals("$.transactionId", letter.get("field").asText(), letter.toString());
      assertEquals(labels, letter.get("topic").asText());
      assertTrue(letter.has("offset") && letter.has("partition"), letter.toString());
      assertEquals(
          "ghost-1",
          FraudLabel.decode(letter.get("value").asText().getBytes(UTF_8)).transactionId());

      List<String> dead = env.kafka().readAll(labelsDlq).stream().map(ConsumerRecord::key).toList();
      assertEquals(List.of("a-1", "ghost-1"), dead, "matched labels are not dead letters");
      List<String> matched =
          env.kafka().readAll(scoredLabels).stream().map(ConsumerRecord::key).sorted().toList();
      assertEquals(List.of("b-1", "c-1"), matched);
      assertEquals(1, late.routed());
    } finally {
      for (StreamingQuery q : queries) {
        q.stop();
      }
      env.spark().streams().removeListener(late);
      env.spark().streams().removeListener(reporter);
      late.close();
      reporter.close();
    }
  }

  private static PipelineStatus awaitLateEvents(long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : env.kafka().readAll(Topics.PIPELINE_STATUS)) {
        PipelineStatus s = PipelineStatus.decode(r.value());
        if (s.lateEvents() >= n) {
          return s;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no pipeline status counted " + n + " late events within 3 minutes");
  }

  private static void sendLabel(String topic, FraudLabel label) {
    env.kafka()
        .send(topic, List.of(new SimpleEntry<>(label.transactionId(), FraudLabel.encode(label))));
  }

  private static BankTransaction tx(String id, String customer, String terminal, Instant at) {
    return new BankTransaction(
        id, customer, terminal, new BigDecimal("20.00"), Currency.getInstance("EUR"), at);
  }

  private static void sendTransactions(String topic, BankTransaction... txs) {
    env.kafka()
        .send(
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
      for (ConsumerRecord<String, byte[]> r : env.kafka().readAll(topic)) {
        if (wanted.test(r)) {
          return r;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no such record on " + topic + " within 3 minutes");
  }

  /**
   * FraudScoring's topics named {@code <topic>.<suffix>}, created on the test broker, and the job's
   * options reading and writing them; {@code extra} adds options.
   */
  private static FraudScoringOptions startTopicsAndOptions(
      String suffix, Path registry, String checkpoint, String... extra) {
    String in = "bank.transactions." + suffix;
    String labels = "bank.fraud-labels." + suffix;
    env.kafka().createTopic(in, 2, false);
    env.kafka().createTopic(labels, 2, true);
    env.kafka().createTopic("analytics.fraud-alerts." + suffix, 2, true);
    env.kafka().createTopic("analytics.fraud-summary." + suffix, 1, true);
    env.kafka().createTopic("analytics.fraud-models." + suffix, 1, true);
    env.kafka().createTopic("bank.transactions.scored." + suffix, 2, false);
    env.kafka().createTopic("bank.fraud-labels.scored." + suffix, 2, true);
    env.kafka().createTopic(in + ".dlq", 1, false);
    env.kafka().createTopic(labels + ".dlq", 1, false);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kafka-bootstrap-servers",
                env.kafka().bootstrapServers(),
                "--input-topic",
                in,
                "--labels-topic",
                labels,
                "--output-topic",
                "analytics.fraud-alerts." + suffix,
                "--summary-topic",
                "analytics.fraud-summary." + suffix,
                "--models-topic",
                "analytics.fraud-models." + suffix,
                "--scored-topic",
                "bank.transactions.scored." + suffix,
                "--scored-labels-topic",
                "bank.fraud-labels.scored." + suffix,
                "--model-registry",
                registry.toString(),
                "--checkpoint-location",
                dir.resolve(checkpoint).toString(),
                "--trigger-interval",
                "1 second",
                "--shuffle-partitions",
                "2"));
    args.addAll(List.of(extra));
    return FraudScoringOptions.parse(args.toArray(String[]::new), Map.of());
  }
}
