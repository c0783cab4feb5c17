package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.events.JsonReader;
import io.pulse.events.ResultKeys;
import io.pulse.jobs.KafkaAndSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-version counts query against a real broker when transactions are labelled again (an
 * investigator says fraud, the chargeback later says genuine): each version's confusion matrix
 * counts every labelled transaction once, with its latest label by labelledAt, whatever order the
 * labels come in, when labels are replayed, and across a restart from the checkpoint. The expected
 * counts are computed here from every record sent.
 */
class FraudModelCountsIT {
  private static final String SCORED = "bank.transactions.scored.counts";
  private static final String SCORED_LABELS = "bank.fraud-labels.scored.counts";
  private static final String MODELS = "analytics.fraud-models.counts";
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @RegisterExtension static final KafkaAndSpark env = new KafkaAndSpark("fraud-model-counts-it");

  @TempDir static Path dir;

  @Test
  void aRelabelMovesTheTransactionToItsLatestLabelsCellAndCountsItOnce() throws Exception {
    env.kafka().createTopic(SCORED, 2, false);
    env.kafka().createTopic(SCORED_LABELS, 2, true);
    env.kafka().createTopic(MODELS, 1, true);
    FraudScoringOptions options =
        FraudScoringOptions.parse(
            new String[] {
              "--kafka-bootstrap-servers",
              env.kafka().bootstrapServers(),
              "--scored-topic",
              SCORED,
              "--scored-labels-topic",
              SCORED_LABELS,
              "--models-topic",
              MODELS,
              "--model-registry",
              dir.resolve("models").toString(),
              "--checkpoint-location",
              dir.resolve("checkpoint").toString(),
              "--trigger-interval",
              "1 second",
              "--shuffle-partitions",
              "2"
            },
            Map.of());

    // 80 scored transactions: v1 live on all, v2 shadow on the first 40; one record replayed.
    Random random = new Random(7);
    List<ObjectNode> scored = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      scored.add(
          scored(
              "t" + i,
              random.nextInt(3) == 0,
              i < 40 ? "v2" : null,
              i < 40 ? random.nextBoolean() : null));
    }
    List<ObjectNode> sent = new ArrayList<>(scored);
    sent.add(scored.get(3));
    send(SCORED, sent);

    Truth truth = new Truth(scored);
    StreamingQuery counts = FraudScoring.startModels(env.spark(), options);
    try {
      // Round 1: every other transaction labelled once (one label sent twice).
      List<ObjectNode> round1 = new ArrayList<>();
      for (int i = 0; i < 80; i += 2) {
        round1.add(label(scored.get(i), random.nextInt(4) == 0, T0.plusSeconds(3600)));
      }
      round1.add(round1.get(0));
      sendLabels(truth, round1);
      counts.processAllAvailable();
      truth.assertPublished();

      // Round 2: every fourth relabelled the other way a day later, every sixth gets an older
      // label (it must not win), and some not labelled before get their first label.
      List<ObjectNode> round2 = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        boolean fraud = truth.latest.containsKey("t" + i) && truth.latest.get("t" + i).fraud;
        if (i % 4 == 0) {
          round2.add(label(scored.get(i), !fraud, T0.plusSeconds(3600 * 25)));
        }
        if (i % 6 == 0) {
          round2.add(label(scored.get(i), !fraud, T0.plusSeconds(60)));
        }
        if (i % 10 == 5) {
          round2.add(label(scored.get(i), true, T0.plusSeconds(3600 * 25)));
        }
      }
      Map<String, Map<String, Long>> beforeRelabel = truth.expected();
      sendLabels(truth, round2);
      counts.processAllAvailable();
      truth.assertPublished();
      assertNotEquals(beforeRelabel, truth.expected(), "the relabels changed the matrix");
      assertEquals(
          (long) truth.latest.size(),
          truth.expected().get("v1").get("labelled"),
          "each labelled transaction once");

      // A restart from the checkpoint: labels replayed change nothing, relabels still move.
      counts.stop();
      counts = FraudScoring.startModels(env.spark(), options);
      List<ObjectNode> round3 = new ArrayList<>(round2);
      for (int i = 0; i < 80; i += 8) {
        round3.add(
            label(scored.get(i), !truth.latest.get("t" + i).fraud, T0.plusSeconds(3600 * 49)));
      }
      sendLabels(truth, round3);
      counts.processAllAvailable();
      truth.assertPublished();
      Map<String, Long> v1 = truth.expected().get("v1");
      assertTrue(
          v1.get("truePositives") + v1.get("falseNegatives") > 0
              && v1.get("falsePositives") + v1.get("trueNegatives") > 0,
          "labels of both classes: " + v1);
    } finally {
      counts.stop();
    }
  }

  /** What every record sent so far should give, and the check against the published counts. */
  private static final class Truth {
    private final List<ObjectNode> scored;
    private final Map<String, Latest> latest = new HashMap<>();

    Truth(List<ObjectNode> scored) {
      this.scored = scored;
    }

    void add(JsonNode label) {
      Latest l =
          new Latest(
              Instant.parse(label.get("labelledAt").asText()), label.get("fraud").asBoolean());
      latest.merge(label.get("transactionId").asText(), l, (a, b) -> b.beats(a) ? b : a);
    }

    Map<String, Map<String, Long>> expected() {
      Map<String, Map<String, Long>> counts = new TreeMap<>();
      for (JsonNode r : scored) {
        for (Map.Entry<String, Boolean> v : verdicts(r).entrySet()) {
          Map<String, Long> c = counts.computeIfAbsent(v.getKey(), k -> zero());
          c.merge("scored", 1L, Long::sum);
          c.merge("alerts", v.getValue() ? 1L : 0L, Long::sum);
          Latest l = latest.get(r.get("transactionId").asText());
          if (l != null) {
            c.merge("labelled", 1L, Long::sum);
            String cell =
                v.getValue()
                    ? (l.fraud ? "truePositives" : "falsePositives")
                    : (l.fraud ? "falseNegatives" : "trueNegatives");
            c.merge(cell, 1L, Long::sum);
          }
        }
      }
      return counts;
    }

    void assertPublished() {
      Map<String, JsonNode> published = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : env.kafka().readAll(MODELS)) {
        published.put(r.key(), JsonReader.parse(r.value()));
      }
      Map<String, Map<String, Long>> actual = new TreeMap<>();
      Map<String, Map<String, Long>> expected = expected();
      for (String v : expected.keySet()) {
        JsonNode got = published.get(ResultKeys.fraudModel(v));
        Map<String, Long> a = new TreeMap<>();
        for (String f : expected.get(v).keySet()) {
          a.put(f, got == null ? null : got.get(f).asLong());
        }
        actual.put(v, a);
      }
      assertEquals(expected, actual);
    }

    private static Map<String, Long> zero() {
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
      return c;
    }
  }

  /** The label a transaction counts with: the latest; at the same instant, fraud. */
  private record Latest(Instant labelledAt, boolean fraud) {
    boolean beats(Latest other) {
      int c = labelledAt.compareTo(other.labelledAt);
      return c > 0 || (c == 0 && fraud && !other.fraud);
    }
  }

  private static Map<String, Boolean> verdicts(JsonNode r) {
    Map<String, Boolean> v = new HashMap<>();
    v.put(r.get("modelVersion").asText(), r.get("alert").asBoolean());
    if (r.hasNonNull("shadowVersion")) {
      v.put(r.get("shadowVersion").asText(), r.get("shadowAlert").asBoolean());
    }
    return v;
  }

  private static ObjectNode scored(String id, boolean alert, String shadow, Boolean shadowAlert) {
    ObjectNode n = JsonReader.mapper().createObjectNode();
    n.put("transactionId", id);
    n.put("terminalId", "k-" + id);
    n.put("timestamp", T0.toString());
    n.put("amount", 12.5);
    n.put("score", alert ? 0.9 : 0.1);
    n.put("alert", alert);
    n.put("modelVersion", "v1");
    n.put("shadowVersion", shadow);
    if (shadow == null) {
      n.putNull("shadowScore");
    } else {
      n.put("shadowScore", 0.5);
    }
    n.put("shadowAlert", shadowAlert);
    return n;
  }

  /** A record of the scored-labels topic, as the label join writes it. */
  private static ObjectNode label(ObjectNode scored, boolean fraud, Instant labelledAt) {
    ObjectNode l = scored.deepCopy();
    l.put("fraud", fraud);
    l.put("source", "investigator");
    l.put("labelledAt", labelledAt.toString());
    l.put(LabelJoin.RESOLVED, true);
    return l;
  }

  private static void sendLabels(Truth truth, List<ObjectNode> labels) {
    labels.forEach(truth::add);
    send(SCORED_LABELS, labels);
  }

  private static void send(String topic, List<ObjectNode> records) {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    for (ObjectNode r : records) {
      out.add(new SimpleEntry<>(r.get("transactionId").asText(), r.toString().getBytes()));
    }
    env.kafka().send(topic, out);
  }
}
