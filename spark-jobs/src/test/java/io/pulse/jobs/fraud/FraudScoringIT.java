package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudAlert;
import io.pulse.events.FraudLabel;
import io.pulse.events.FraudMinuteSummary;
import io.pulse.jobs.KafkaAndSpark;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.SimulatedTransactions;
import io.pulse.simulator.fraud.TransactionSimulator;
import io.pulse.testsupport.ScenarioOneResolution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * FraudScoring against a real broker: a model trained on a seeded history (logistic regression, the
 * trainer's choice on it) scores ten weeks of that history streamed through bank.transactions, with
 * the frauds' labels on bank.fraud-labels.
 */
class FraudScoringIT {
  @RegisterExtension static final KafkaAndSpark env = new KafkaAndSpark("fraud-scoring-it");

  @TempDir static Path dir;

  @Test
  void alertsEveryLargeAmountOnceAndCountsEveryTransaction() throws Exception {
    Path registry = dir.resolve("models");
    FraudModelTrainerOptions trainer =
        FraudModelTrainerIT.smallRunInRegistry(registry, "gbt", "--max-bins", "4096");
    TrainingReport report = FraudModelTrainer.run(env.spark(), trainer);
    System.out.println(report.table());

    // The same history the model came from (same options, same seed); stream days 5..74, and
    // check days 42..74, whose features have their full 37 days of state behind them (earlier
    // ones have partial windows, unlike anything the model was trained on).
    SimulatedTransactions history =
        TransactionSimulator.generate(FraudSimulationOptions.of(1000, 2000, 75, 7));
    Instant from = history.start().plusSeconds(5L * 86_400);
    Instant checkedFrom = history.start().plusSeconds(42L * 86_400);
    List<SimulatedTransaction> streamed =
        history.asList().stream().filter(t -> !t.datetime().isBefore(from)).toList();

    String in = "bank.transactions.it";
    String labels = "bank.fraud-labels.it";
    String alerts = "analytics.fraud-alerts.it";
    String summary = "analytics.fraud-summary.it";
    String scored = "bank.transactions.scored.it";
    String scoredLabels = "bank.fraud-labels.scored.it";
    env.kafka().createTopic(in, 2, false);
    env.kafka().createTopic(labels, 2, false);
    env.kafka().createTopic(alerts, 2, true);
    env.kafka().createTopic(summary, 2, true);
    env.kafka().createTopic(scored, 2, false);
    env.kafka().createTopic(scoredLabels, 2, true);
    env.kafka().createTopic("analytics.fraud-models.it", 1, true);
    env.kafka().createTopic(in + ".dlq", 1, false);
    env.kafka().createTopic(labels + ".dlq", 1, false);

    List<Map.Entry<String, byte[]>> labelRecords = new ArrayList<>();
    for (SimulatedTransaction t : streamed) {
      if (t.fraud()) {
        FraudLabel label =
            new FraudLabel(
                Long.toString(t.transactionId()),
                Integer.toString(t.terminalId()),
                t.datetime(),
                true,
                t.datetime().plusSeconds(86_400),
                "investigator");
        labelRecords.add(new SimpleEntry<>(label.transactionId(), FraudLabel.encode(label)));
      }
    }
    env.kafka().send(labels, labelRecords);
    List<Map.Entry<String, byte[]>> txRecords = new ArrayList<>();
    for (SimulatedTransaction t : streamed) {
      txRecords.add(
          new SimpleEntry<>(
              Integer.toString(t.customerId()), BankTransactionCodec.encode(t.toEvent())));
    }
    txRecords.add(
        new SimpleEntry<>("x", "{\"transactionId\": 1}".getBytes(StandardCharsets.UTF_8)));
    env.kafka().send(in, txRecords);

    FraudScoringOptions options =
        FraudScoringOptions.parse(
            new String[] {
              "--kafka-bootstrap-servers",
              env.kafka().bootstrapServers(),
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
              "--models-topic",
              "analytics.fraud-models.it",
              "--model-registry",
              registry.toString(),
              "--checkpoint-location",
              dir.resolve("checkpoint").toString(),
              "--archive-path",
              dir.resolve("archive").toString(),
              "--archive-interval",
              "1 second",
              "--trigger-interval",
              "1 second",
              "--shuffle-partitions",
              "2"
            },
            Map.of());
    List<StreamingQuery> queries = FraudScoring.start(env.spark(), options);
    try {
      drain(queries);
      // Resend the largest scenario-1 fraud, as a client retrying would.
      SimulatedTransaction resent =
          streamed.stream()
              .filter(t -> t.fraudScenario() == 1 && !t.datetime().isBefore(checkedFrom))
              .max(java.util.Comparator.comparingLong(SimulatedTransaction::amountCents))
              .orElseThrow();
      env.kafka()
          .send(
              in,
              List.of(
                  new SimpleEntry<>(
                      Integer.toString(resent.customerId()),
                      BankTransactionCodec.encode(resent.toEvent()))));
      drain(queries);

      List<ConsumerRecord<String, byte[]>> alertRecords = env.kafka().readAll(alerts);
      Map<String, Long> alertsPerKey =
          alertRecords.stream()
              .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
      assertEquals(1L, alertsPerKey.get(Long.toString(resent.transactionId())), "one alert");
      assertTrue(alertsPerKey.values().stream().allMatch(n -> n == 1), "no key alerted twice");

      Set<String> alerted = alertsPerKey.keySet();
      List<SimulatedTransaction> large =
          streamed.stream()
              .filter(t -> t.amountCents() > 22_000 && !t.datetime().isBefore(checkedFrom))
              .toList();
      assertTrue(large.size() > 20, "scenario 1 frauds streamed: " + large.size());
      // Every one above the resolution the training rows give the trees (ScenarioOneResolution
      // says why; about 240 EUR on this history); those between 220 and there are printed.
      long resolved =
          ScenarioOneResolution.cents(
              history,
              report.protocol().trainFrom(),
              report.protocol().trainUntil(),
              trainer.maxBins());
      List<SimulatedTransaction> notAlerted =
          large.stream().filter(t -> !alerted.contains(Long.toString(t.transactionId()))).toList();
      List<SimulatedTransaction> missed =
          notAlerted.stream().filter(t -> t.amountCents() > resolved).toList();
      System.out.printf(
          "amounts over 220 alerted: %d of %d; not alerted within 220 to %.2f EUR: %s%n",
          large.size() - notAlerted.size(), large.size(), resolved / 100.0, notAlerted);
      assertEquals(List.of(), missed, "amounts over " + resolved / 100.0 + " EUR not alerted");
      FraudAlert a = FraudAlert.decode(alertRecords.get(0).value());
      assertTrue(a.score() >= report.threshold(), a.toString());
      assertEquals(FraudFeatures.NAMES.size(), a.features().size());
      assertEquals(report.saved().version(), a.modelVersion(), "the registry's first version");

      // Summary: the newest record per minute holds its totals; together, every transaction once.
      Map<String, FraudMinuteSummary> minutes = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : env.kafka().readAll(summary)) {
        FraudMinuteSummary s = FraudMinuteSummary.decode(r.value());
        assertEquals(FraudMinuteSummary.key(s.windowStart()), r.key());
        minutes.put(r.key(), s);
      }
      long counted = minutes.values().stream().mapToLong(FraudMinuteSummary::transactions).sum();
      long alertsCounted = minutes.values().stream().mapToLong(FraudMinuteSummary::alerts).sum();
      assertEquals(streamed.size(), counted);
      assertEquals(alerted.size(), alertsCounted);

      List<ConsumerRecord<String, byte[]>> dead = env.kafka().readAll(in + ".dlq");
      assertEquals(1, dead.size());
      assertTrue(new String(dead.get(0).value(), StandardCharsets.UTF_8).contains("transactionId"));

      // The training archive: every streamed transaction once (the resent one too), the labelled
      // frauds as 1, read the way the trainer reads it.
      queries.get(4).processAllAvailable();
      queries.get(5).processAllAvailable();
      Dataset<Row> archived =
          FraudFeatures.readArchive(env.spark(), dir.resolve("archive").toString());
      assertEquals(streamed.size(), archived.count());
      assertEquals(
          streamed.stream().filter(SimulatedTransaction::fraud).count(),
          archived.where("fraud = 1").count());
    } finally {
      for (StreamingQuery q : queries) {
        q.stop();
      }
    }
  }

  /**
   * Scoring first, then the label join, whose matches scoring reads back, then scoring again, then
   * the summary, which reads what scoring wrote.
   */
  private static void drain(List<StreamingQuery> queries) {
    queries.get(0).processAllAvailable();
    queries.get(3).processAllAvailable();
    queries.get(0).processAllAvailable();
    queries.get(2).processAllAvailable();
    queries.get(1).processAllAvailable();
  }
}
