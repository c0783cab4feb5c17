package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudAlert;
import io.pulse.events.JsonReader;
import io.pulse.events.Pipeline;
import io.pulse.events.PipelineStatus;
import io.pulse.events.ResultKeys;
import io.pulse.events.Topics;
import io.pulse.jobs.KafkaAndSpark;
import io.pulse.jobs.PipelineStatusReporter;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.TransactionSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * FraudScoring and the model registry against a real broker: started before any model exists it
 * waits (WAITING_FOR_MODEL on the status topic, which /v1/pipelines serves), scores what arrived
 * meanwhile once the trainer adds the first version, scores the same stream with a shadow candidate
 * beside the live version (alerts from the live one only), switches to the candidate when it is
 * promoted, between micro-batches of the same query run, ignores a shadow that cannot be loaded,
 * sends a transaction whose features throw to the dead-letter topic while the query goes on, and
 * counts each version's scored, alerts and confusion matrix on labels against a ground truth
 * computed here from what was scored.
 *
 * <p>The live threshold is 0 so that every scored transaction alerts: each alert then shows which
 * version scored it, whatever the model's quality. The shadow keeps its own threshold (from its
 * metadata.json, set to 1 here), so it would alert on none of them.
 */
class FraudModelReloadIT {
  @RegisterExtension static final KafkaAndSpark env = new KafkaAndSpark("fraud-model-reload-it");

  @TempDir static Path dir;

  @Test
  void waitsForTheFirstModelPicksUpAPromotedOneAndDeadLettersAPoisonRecord() throws Exception {
    Path registry = dir.resolve("models");
    String in = "bank.transactions.reload";
    String labels = "bank.fraud-labels.reload";
    String alerts = "analytics.fraud-alerts.reload";
    env.kafka().createTopic(in, 2, false);
    env.kafka().createTopic(labels, 1, false);
    env.kafka().createTopic(alerts, 2, true);
    env.kafka().createTopic("analytics.fraud-summary.reload", 1, true);
    env.kafka().createTopic("bank.transactions.scored.reload", 1, false);
    env.kafka().createTopic(SCORED_LABELS, 1, true);
    env.kafka().createTopic(MODELS, 1, true);
    env.kafka().createTopic(in + ".dlq", 1, false);
    env.kafka().createTopic(labels + ".dlq", 1, false);
    env.kafka().createTopic(Topics.PIPELINE_STATUS, 1, true);

    List<SimulatedTransaction> history =
        TransactionSimulator.generate(FraudSimulationOptions.of(1000, 2000, 75, 7)).asList();
    List<SimulatedTransaction> before = history.subList(100_000, 100_200);
    List<SimulatedTransaction> shadowed = history.subList(100_200, 100_300);
    List<SimulatedTransaction> afterPromotion = history.subList(100_300, 100_500);
    List<SimulatedTransaction> afterPoison = history.subList(100_500, 100_600);
    SimulatedTransaction poison = afterPromotion.get(100);
    String poisonId = Long.toString(poison.transactionId());

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
              "analytics.fraud-summary.reload",
              "--scored-topic",
              "bank.transactions.scored.reload",
              "--scored-labels-topic",
              SCORED_LABELS,
              "--models-topic",
              MODELS,
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
    env.spark().streams().addListener(reporter);

    // Transactions arrive before there is any model: nothing fails, the job waits.
    send(in, before);
    CompletableFuture<List<StreamingQuery>> started =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return FraudScoring.start(env.spark(), options);
              } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
              }
            });
    PipelineStatus waiting = awaitStatus(LiveModel.WAITING_FOR_MODEL);
    assertTrue(waiting.detail().contains(registry.toString()), waiting.detail());
    assertFalse(started.isDone(), "no query before a model exists");
    assertEquals(0, env.spark().streams().active().length);

    TrainingReport first =
        FraudModelTrainer.run(env.spark(), FraudModelTrainerIT.smallRunInRegistry(registry, "lr"));
    String v1 = first.saved().version();
    assertTrue(first.saved().live(), "the registry's first version goes live");
    List<StreamingQuery> queries = started.get(5, TimeUnit.MINUTES);
    StreamingQuery scoring = queries.get(0);
    UUID run = scoring.runId();
    try {
      scoring.processAllAvailable();
      assertEquals(versions(before), Map.of(v1, (long) before.size()), "scored once it existed");

      // A second version (the same pipeline, its own threshold 1), added: the shadow candidate
      // scores the same stream beside the live version, and alerts nothing.
      ModelRegistry models = ModelRegistry.open(registry.toString());
      String v2 = models.newVersionId();
      copy(Path.of(models.pathOf(v1)), Path.of(models.pathOf(v2)));
      setThreshold(Path.of(models.pathOf(v2)), 1.0);
      assertEquals(Optional.of(v2), models.add(v2).shadow());

      send(in, shadowed);
      scoring.processAllAvailable();
      assertEquals(Map.of(v1, (long) shadowed.size()), versions(shadowed), "alerts: live only");
      Map<String, JsonNode> scoredById = scoredRecords();
      for (SimulatedTransaction t : shadowed) {
        JsonNode r = scoredById.get(Long.toString(t.transactionId()));
        assertEquals(v1, r.get("modelVersion").asText(), r.toString());
        assertTrue(r.get("alert").asBoolean(), r.toString());
        assertEquals(v2, r.path("shadowVersion").asText(null), r.toString());
        assertEquals(r.get("score").asDouble(), r.get("shadowScore").asDouble(), 1e-12);
        assertFalse(r.get("shadowAlert").asBoolean(), "the shadow's own threshold: " + r);
      }

      // Promoted: the candidate goes live between micro-batches; no shadow left.
      assertEquals(Optional.of(v2), models.promote(v2).live());

      send(in, afterPromotion);
      scoring.processAllAvailable();
      assertEquals(
          Map.of(v2, (long) afterPromotion.size() - 1),
          versions(
              afterPromotion.stream()
                  .filter(t -> t.transactionId() != poison.transactionId())
                  .toList()),
          "every transaction sent after the promotion scored by the new version");

      // The poison record: in the dead-letter topic with its reason and Kafka coordinates.
      List<ConsumerRecord<String, byte[]>> dead = env.kafka().readAll(in + ".dlq");
      assertEquals(1, dead.size());
      JsonNode letter = JsonReader.parse(dead.get(0).value());
      assertEquals(in, letter.get("topic").asText());
      assertTrue(letter.get("error").asText().contains("injected"), letter.toString());
      assertTrue(letter.get("value").asText().contains(poisonId), letter.toString());
      assertTrue(letter.has("offset") && letter.has("partition"), letter.toString());
      assertEquals(Integer.toString(poison.customerId()), dead.get(0).key());
      assertFalse(alertedIds().contains(poisonId));

      // A shadow that cannot be loaded (no pipeline saved) leaves live scoring alone.
      String broken = models.newVersionId();
      Files.createDirectories(Path.of(models.pathOf(broken)));
      Files.copy(
          Path.of(models.pathOf(v1), FraudModelTrainer.METADATA_FILE),
          Path.of(models.pathOf(broken), FraudModelTrainer.METADATA_FILE));
      models.shadow(broken);

      // ... and the same query run goes on.
      send(in, afterPoison);
      scoring.processAllAvailable();
      assertEquals(Map.of(v2, (long) afterPoison.size()), versions(afterPoison));
      assertTrue(scoring.isActive());
      assertEquals(run, scoring.runId(), "no restart");
      scoredById = scoredRecords();
      for (SimulatedTransaction t : afterPoison) {
        JsonNode r = scoredById.get(Long.toString(t.transactionId()));
        assertEquals(v2, r.get("modelVersion").asText(), r.toString());
        assertFalse(r.hasNonNull("shadowVersion"), r.toString());
      }

      // Labels of every other scored transaction (one sent twice), as the labels join writes
      // them; each version's counts against those computed here from the scored records.
      List<Map.Entry<String, byte[]>> labelled = new ArrayList<>();
      List<JsonNode> labelRecords = new ArrayList<>();
      Map<String, Boolean> simulatedFraud = fraudById(history);
      int i = 0;
      for (JsonNode r : scoredById.values()) {
        if (i++ % 2 == 0) {
          ObjectNode label = ((ObjectNode) r.deepCopy());
          label.put("fraud", simulatedFraud.get(r.get("transactionId").asText()) || i % 5 == 0);
          label.put("source", "investigator");
          label.put("labelledAt", "2026-11-26T12:00:00Z");
          labelRecords.add(label);
          labelled.add(
              new SimpleEntry<>(
                  r.get("transactionId").asText(), JsonReader.mapper().writeValueAsBytes(label)));
        }
      }
      labelled.add(labelled.get(0));
      env.kafka().send(SCORED_LABELS, labelled);
      StreamingQuery counts = queries.get(3);
      assertEquals(FraudScoring.MODELS_QUERY, counts.name());
      counts.processAllAvailable();
      Map<String, JsonNode> published = latestByKey(MODELS);
      Map<String, Map<String, Long>> expected =
          groundTruth(scoredById.values(), labelRecords, v1, v2);
      assertEquals(Map.of(v1, 1, v2, 1).keySet(), expected.keySet());
      for (String v : List.of(v1, v2)) {
        JsonNode got = published.get(ResultKeys.fraudModel(v));
        Map<String, Long> actual = new TreeMap<>();
        for (String field : expected.get(v).keySet()) {
          actual.put(field, got.get(field).asLong());
        }
        assertEquals(expected.get(v), actual, v);
      }
      assertTrue(expected.get(v1).get("truePositives") > 0, "labels of both classes");
      assertTrue(expected.get(v2).get("falseNegatives") > 0, "the shadow missed labelled frauds");

      // The registry's state, as published when the job saw it change.
      JsonNode state = published.get(ResultKeys.FRAUD_REGISTRY);
      assertEquals(v2, state.get("live").asText(), state.toString());
      assertEquals(broken, state.get("shadow").asText(), state.toString());
      assertEquals(v1, state.get("previous").get(0).asText(), state.toString());
      assertEquals(3, state.get("versions").size(), state.toString());
      assertEquals(1.0, state.get("versions").get(1).get("threshold").asDouble());
    } finally {
      for (StreamingQuery q : queries) {
        q.stop();
      }
      env.spark().streams().removeListener(reporter);
      reporter.close();
    }
  }

  private static final String SCORED_LABELS = "bank.fraud-labels.scored.reload";
  private static final String MODELS = "analytics.fraud-models.reload";

  /** The scored records by transactionId, in the order they were written. */
  private static Map<String, JsonNode> scoredRecords() {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r :
        env.kafka().readAll("bank.transactions.scored.reload")) {
      JsonNode n = JsonReader.parse(r.value());
      byId.put(n.get("transactionId").asText(), n);
    }
    return byId;
  }

  private static Map<String, Boolean> fraudById(List<SimulatedTransaction> history) {
    Map<String, Boolean> fraud = new HashMap<>();
    for (SimulatedTransaction t : history.subList(100_000, 100_600)) {
      fraud.put(Long.toString(t.transactionId()), t.fraud());
    }
    return fraud;
  }

  private static Map<String, JsonNode> latestByKey(String topic) {
    Map<String, JsonNode> latest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : env.kafka().readAll(topic)) {
      latest.put(r.key(), JsonReader.parse(r.value()));
    }
    return latest;
  }

  /** Per version: what the job should count, from the scored records and the labels sent. */
  private static Map<String, Map<String, Long>> groundTruth(
      java.util.Collection<JsonNode> scored, List<JsonNode> labels, String... versions) {
    Map<String, Map<String, Long>> counts = new HashMap<>();
    for (String v : versions) {
      Map<String, Long> c = new TreeMap<>();
      for (String f :
          List.of(
              "scored",
              "alerts",
              "labelled",
              "truePositives",
              "falsePositives",
              "falseNegatives",
              "trueNegatives")) {
        c.put(f, 0L);
      }
      counts.put(v, c);
    }
    for (JsonNode r : scored) {
      for (Map.Entry<String, Boolean> e : verdicts(r).entrySet()) {
        counts.get(e.getKey()).merge("scored", 1L, Long::sum);
        counts.get(e.getKey()).merge("alerts", e.getValue() ? 1L : 0L, Long::sum);
      }
    }
    for (JsonNode l : labels) {
      boolean fraud = l.get("fraud").asBoolean();
      for (Map.Entry<String, Boolean> e : verdicts(l).entrySet()) {
        Map<String, Long> c = counts.get(e.getKey());
        c.merge("labelled", 1L, Long::sum);
        String cell =
            e.getValue()
                ? (fraud ? "truePositives" : "falsePositives")
                : (fraud ? "falseNegatives" : "trueNegatives");
        c.merge(cell, 1L, Long::sum);
      }
    }
    return counts;
  }

  /** version -> its alert, for the live version and the shadow when there was one. */
  private static Map<String, Boolean> verdicts(JsonNode r) {
    Map<String, Boolean> v = new HashMap<>();
    v.put(r.get("modelVersion").asText(), r.get("alert").asBoolean());
    if (r.hasNonNull("shadowVersion")) {
      v.put(r.get("shadowVersion").asText(), r.get("shadowAlert").asBoolean());
    }
    return v;
  }

  /** Rewrites a saved version's threshold (and drops the local checksum Hadoop would check). */
  private static void setThreshold(Path version, double threshold) throws java.io.IOException {
    Path file = version.resolve(FraudModelTrainer.METADATA_FILE);
    ObjectNode meta = (ObjectNode) JsonReader.parse(Files.readAllBytes(file));
    meta.put("threshold", threshold);
    Files.write(file, JsonReader.mapper().writeValueAsBytes(meta));
    Files.deleteIfExists(version.resolve("." + FraudModelTrainer.METADATA_FILE + ".crc"));
  }

  private static void send(String topic, List<SimulatedTransaction> txs) {
    env.kafka()
        .send(
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
    for (ConsumerRecord<String, byte[]> r : env.kafka().readAll("analytics.fraud-alerts.reload")) {
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
    env.kafka().readAll("analytics.fraud-alerts.reload").forEach(r -> ids.add(r.key()));
    return ids;
  }

  /** The newest status of fraud-scoring once it is {@code state}; fails after two minutes. */
  private static PipelineStatus awaitStatus(String state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      List<ConsumerRecord<String, byte[]>> records = env.kafka().readAll(Topics.PIPELINE_STATUS);
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
