package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudLabel;
import io.pulse.jobs.KafkaAndSpark;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * FraudScoring's archive queries on a real broker, read back the way the trainer reads them: each
 * transaction once, labelled by its latest label, 0 when never labelled; malformed records stay
 * out.
 */
class FraudArchiveIT {
  private static final Instant T0 = Instant.parse("2026-10-01T12:00:00Z");

  @RegisterExtension static final KafkaAndSpark env = new KafkaAndSpark("fraud-archive-it");

  @TempDir static Path dir;

  @Test
  void archivedTransactionsCarryTheirLatestLabel() throws Exception {
    String in = "bank.transactions.arc";
    String labels = "bank.fraud-labels.arc";
    env.kafka().createTopic(in, 2, false);
    env.kafka().createTopic(labels, 2, true);
    Path archive = dir.resolve("archive");
    FraudScoringOptions options =
        FraudScoringOptions.parse(
            new String[] {
              "--kafka-bootstrap-servers",
              env.kafka().bootstrapServers(),
              "--input-topic",
              in,
              "--labels-topic",
              labels,
              "--model-registry",
              dir.resolve("models").toString(),
              "--checkpoint-location",
              dir.resolve("checkpoint").toString(),
              "--archive-path",
              archive.toString(),
              "--archive-interval",
              "1 second",
              "--shuffle-partitions",
              "2"
            },
            Map.of());

    Instant nextDay = T0.plusSeconds(86_400);
    env.kafka()
        .send(
            in,
            List.of(
                transaction("t-1", "20.00", T0),
                transaction("t-2", "1234.56", nextDay),
                transaction("t-1", "20.00", T0), // resent
                transaction("t-3", "7.05", nextDay),
                new SimpleEntry<>("c", "{not json".getBytes(StandardCharsets.UTF_8))));
    // t-1: a chargeback, then an investigator clears it; sent in the other order, so the latest
    // labelledAt wins, not the last record read.
    env.kafka()
        .send(
            labels,
            List.of(
                label("t-1", false, T0.plusSeconds(3 * 86_400), "investigator"),
                label("t-1", true, T0.plusSeconds(2 * 86_400), "chargeback"),
                label("t-2", true, nextDay.plusSeconds(3_600), "chargeback")));

    List<StreamingQuery> queries = FraudArchive.start(env.spark(), options);
    try {
      for (StreamingQuery q : queries) {
        q.processAllAvailable();
      }
    } finally {
      for (StreamingQuery q : queries) {
        q.stop();
      }
    }

    assertTrue(
        Files.isDirectory(
            archive.resolve(FraudArchive.TRANSACTIONS_DIR).resolve("date=2026-10-02")));
    Map<String, Row> byId = new TreeMap<>();
    for (Row r : FraudFeatures.readArchive(env.spark(), archive.toString()).collectAsList()) {
      byId.put(r.getString(r.fieldIndex("transactionId")), r);
    }
    assertEquals(List.of("t-1", "t-2", "t-3"), List.copyOf(byId.keySet()));
    assertEquals(0, fraud(byId.get("t-1")), "relabelled genuine by the later label");
    assertEquals(1, fraud(byId.get("t-2")));
    assertEquals(0, fraud(byId.get("t-3")), "never labelled");
    Row t2 = byId.get("t-2");
    assertEquals(123_456L, t2.getLong(t2.fieldIndex("amountCents")));
    assertEquals("k-t-2", t2.getString(t2.fieldIndex("terminalId")));
    assertEquals(nextDay, t2.getTimestamp(t2.fieldIndex("timestamp")).toInstant());

    // --train-start latest on the archive: its last transaction is on 2026-10-02, a day that may
    // still be going on, so the test day is 2026-10-01.
    FraudModelTrainerOptions latest =
        FraudModelTrainer.resolved(
            FraudFeatures.readArchive(env.spark(), archive.toString()),
            FraudModelTrainerOptions.parse(
                new String[] {
                  "--input-archive", archive.toString(),
                  "--model-path", dir.resolve("model").toString(),
                  "--train-start", "latest",
                  "--train-days", "1",
                  "--delay-days", "0",
                  "--test-days", "1"
                },
                Map.of()));
    assertEquals(Instant.parse("2026-10-01T00:00:00Z"), latest.protocol().testFrom());
    assertEquals(Instant.parse("2026-09-30T00:00:00Z"), latest.protocol().trainFrom());
    assertEquals(archive.toString(), latest.source());

    // Labels keep every field, the trainer's next reader included.
    List<Row> archivedLabels =
        env.spark()
            .read()
            .parquet(archive.resolve(FraudArchive.LABELS_DIR).toString())
            .where("transactionId = 't-1' and fraud = false")
            .collectAsList();
    assertEquals(1, archivedLabels.size());
    assertEquals(
        "investigator",
        archivedLabels.get(0).getString(archivedLabels.get(0).fieldIndex("source")));
  }

  private static int fraud(Row r) {
    return r.getInt(r.fieldIndex("fraud"));
  }

  private static Map.Entry<String, byte[]> transaction(String id, String amount, Instant at) {
    BankTransaction t =
        new BankTransaction(
            id, "c-" + id, "k-" + id, new BigDecimal(amount), Currency.getInstance("EUR"), at);
    return new SimpleEntry<>(t.customerId(), BankTransactionCodec.encode(t));
  }

  private static Map.Entry<String, byte[]> label(
      String id, boolean fraud, Instant labelledAt, String source) {
    return new SimpleEntry<>(
        id, FraudLabel.encode(new FraudLabel(id, null, null, fraud, labelledAt, source)));
  }
}
