package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudAlert;
import io.pulse.events.JsonReader;
import io.pulse.events.Pipeline;
import io.pulse.events.PipelineStatus;
import io.pulse.events.ResultKeys;
import io.pulse.events.Topics;
import io.pulse.jobs.PipelineStatusReporter;
import io.pulse.jobs.SparkSessions;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.TransactionSimulator;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.QueryInputCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FraudScoring and the model registry against a real broker: started before any model exists it
 * waits (WAITING_FOR_MODEL on the status topic, which /v1/pipelines serves), scores what arrived
 * meanwhile once the trainer adds the first version, switches to a promoted version between
 * micro-batches of the same query run, and sends a transaction whose features throw to the
 * dead-letter topic while the query goes on.
 *
 * <p>The threshold is 0 so that every scored transaction alerts: each alert then shows which
 * version scored it, whatever the model's quality.
 */
class FraudModelReloadIT {
  private static EmbeddedKafka kafka;
  private static SparkSession spark;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    spark = SparkSessions.create("fraud-model-reload-it", "local[2]", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
    kafka.close();
  }

  @Test
  void waitsForTheFirstModelPicksUpAPromotedOneAndDeadLettersAPoisonRecord() throws Exception {
    Path registry = dir.resolve("models");
    String in = "bank.transactions.reload";
    String labels = "bank.fraud-labels.reload";
    String alerts = "analytics.fraud-alerts.reload";
    kafka.createTopic(in, 2, false);
    kafka.createTopic(labels, 1, false);
    kafka.createTopic(alerts, 2, true);
    kafka.createTopic("analytics.fraud-summary.reload", 1, true);
    kafka.createTopic("bank.transactions.scored.reload", 1, false);
    kafka.createTopic(Topics.SCORED_LABELS, 1, true);
    kafka.createTopic(in + ".dlq", 1, false);
    kafka.createTopic(labels + ".dlq", 1, false);
    kafka.createTopic(Topics.PIPELINE_STATUS, 1, true);

    List<SimulatedTransaction> history =
        TransactionSimulator.generate(FraudSimulationOptions.of(1000, 2000, 75, 7)).asList();
    List<SimulatedTransaction> before = history.subList(100_000, 100_200);
    List<SimulatedTransaction> afterPromotion = history.subList(100_200, 100_400);
    List<SimulatedTransaction> afterPoison = history.subList(100_400, 100_500);
    SimulatedTransaction poison = afterPromotion.get(100);
    String poisonId = Long.toString(poison.transactionId());

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
              "analytics.fraud-summary.reload",
              "--scored-topic",
              "bank.transactions.scored.reload",
              "--model-registry",
              registry.toString(),
              "--model-wait-interval",
              "200 ms",
              "--model-check-interval",
              "0 s",
              "--threshold",
              "0",
              "--test-fail-features-of",
              poisonId,
              "--checkpoint-location",
              dir.resolve("checkpoint").toString(),
              "--trigger-interval",
              "1 second",
              "--shuffle-partitions",
              "2"
            },
            Map.of());
    PipelineStatusReporter reporter =
        new PipelineStatusReporter(
            Pipeline.FRAUD_SCORING.id(), FraudScoring.SCORING_QUERY, options.streaming().kafka());
    spark.streams().addListener(reporter);
    QueryInputCounter counter = QueryInputCounter.register(spark);

    // Transactions arrive before there is any model: nothing fails, the job waits.
    send(in, before);
    CompletableFuture<List<StreamingQuery>> started =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return FraudScoring.start(spark, options);
              } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
              }
            });
    PipelineStatus waiting = awaitStatus(LiveModel.WAITING_FOR_MODEL);
    assertTrue(waiting.detail().contains(registry.toString()), waiting.detail());
    assertFalse(started.isDone(), "no query before a model exists");
    assertEquals(0, spark.streams().active().length);

    TrainingReport first =
        FraudModelTrainer.run(spark, FraudModelTrainerIT.smallRunInRegistry(registry, "lr"));
    String v1 = first.saved().version();
    assertTrue(first.saved().live(), "the registry's first version goes live");
    List<StreamingQuery> queries = started.get(5, TimeUnit.MINUTES);
    StreamingQuery scoring = queries.get(0);
    UUID run = scoring.runId();
    try {
      counter.await(scoring, before.size(), Duration.ofMinutes(3));
      assertEquals(versions(before), Map.of(v1, (long) before.size()), "scored once it existed");

      // A second version, added (the shadow candidate) and then promoted.
      ModelRegistry models = ModelRegistry.open(registry.toString());
      String v2 = models.newVersionId();
      copy(Path.of(models.pathOf(v1)), Path.of(models.pathOf(v2)));
      assertEquals(Optional.of(v2), models.add(v2).shadow());
      assertEquals(Optional.of(v2), models.promote(v2).live());

      send(in, afterPromotion);
      counter.await(scoring, before.size() + afterPromotion.size(), Duration.ofMinutes(3));
      assertEquals(
          Map.of(v2, (long) afterPromotion.size() - 1),
          versions(
              afterPromotion.stream()
                  .filter(t -> t.transactionId() != poison.transactionId())
                  .toList()),
          "every transaction sent after the promotion scored by the new version");

      // The poison record: in the dead-letter topic with its reason and Kafka coordinates.
      List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(in + ".dlq");
      assertEquals(1, dead.size());
      JsonNode letter = JsonReader.parse(dead.get(0).value());
      assertEquals(in, letter.get("topic").asText());
      assertTrue(letter.get("error").asText().contains("injected"), letter.toString());
      assertTrue(letter.get("value").asText().contains(poisonId), letter.toString());
      assertTrue(letter.has("offset") && letter.has("partition"), letter.toString());
      assertEquals(Integer.toString(poison.customerId()), dead.get(0).key());
      assertFalse(alertedIds().contains(poisonId));

      // ... and the same query run goes on.
      send(in, afterPoison);
      counter.await(
          scoring,
          before.size() + afterPromotion.size() + afterPoison.size(),
          Duration.ofMinutes(3));
      assertEquals(Map.of(v2, (long) afterPoison.size()), versions(afterPoison));
      assertTrue(scoring.isActive());
      assertEquals(run, scoring.runId(), "no restart");
    } finally {
      for (StreamingQuery q : queries) {
        q.stop();
      }
      counter.close();
      spark.streams().removeListener(reporter);
      reporter.close();
    }
  }

  private static void send(String topic, List<SimulatedTransaction> txs) {
    kafka.send(
        topic,
        txs.stream()
            .map(
                t ->
                    (Map.Entry<String, byte[]>)
                        new SimpleEntry<>(
                            Integer.toString(t.customerId()),
                            BankTransactionCodec.encode(t.toEvent())))
            .toList());
  }

  /** How many of {@code txs} each model version alerted (every scored one: threshold 0). */
  private static Map<String, Long> versions(List<SimulatedTransaction> txs) {
    Map<String, String> byId = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : kafka.readAll("analytics.fraud-alerts.reload")) {
      FraudAlert a = FraudAlert.decode(r.value());
      byId.put(a.transactionId(), a.modelVersion());
    }
    Map<String, Long> counts = new HashMap<>();
    for (SimulatedTransaction t : txs) {
      String v = byId.get(Long.toString(t.transactionId()));
      counts.merge(String.valueOf(v), 1L, Long::sum);
    }
    return counts;
  }

  private static java.util.Set<String> alertedIds() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    kafka.readAll("analytics.fraud-alerts.reload").forEach(r -> ids.add(r.key()));
    return ids;
  }

  /** The newest status of fraud-scoring once it is {@code state}; fails after two minutes. */
  private static PipelineStatus awaitStatus(String state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      List<ConsumerRecord<String, byte[]>> records = kafka.readAll(Topics.PIPELINE_STATUS);
      for (int i = records.size() - 1; i >= 0; i--) {
        ConsumerRecord<String, byte[]> r = records.get(i);
        if (r.key().equals(ResultKeys.pipelineStatus(Pipeline.FRAUD_SCORING.id()))) {
          PipelineStatus s = PipelineStatus.decode(r.value());
          if (s.state().equals(state)) {
            return s;
          }
          break;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("fraud-scoring never reported " + state);
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(from.relativize(f).toString()));
      }
    }
  }
}
