package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.events.JsonReader;
import io.pulse.jobs.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-pass scoring batch writes exactly the records the cached path writes: the same dead
 * letters (a transaction whose features failed, one the model cannot score), alerts and scored
 * records with the shadow's verdict, but for the time each was scored.
 */
class OnePassScoringTest {
  /** The rows of the features' state (FraudScoring adds the per-row features to them). */
  private static final StructType FEATURED = OnlineFraudFeatures.WITH_TERMINAL;

  private static SparkSession spark;
  private static FraudScoring.Model live;
  private static FraudScoring.Model shadow;
  private static FraudScoringOptions options;

  @BeforeAll
  static void fit() {
    spark = SparkSessions.create("one-pass-scoring-test", "local[2]", 2);
    List<Row> training = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      boolean fraud = i % 4 == 0;
      training.add(featured("t" + i, fraud ? 400.0 + i : 10.0 + i, null, fraud ? 1.0 : 0.0));
    }
    Dataset<Row> rows =
        withRowFeatures(
            spark.createDataFrame(training, FEATURED.add("label", DataTypes.DoubleType)));
    FraudModelTrainerOptions trainer =
        FraudModelTrainerOptions.parse(
            new String[] {"--input-csv", "unused", "--model-path", "unused"}, Map.of());
    PipelineModel lr = ModelPipelines.pipeline("lr", trainer, training.size()).fit(rows);
    PipelineModel rf = ModelPipelines.pipeline("rf", trainer, training.size()).fit(rows);
    // On one informative feature of 15 most trees see none: the forest scores 0.41 against 0.19.
    live = new FraudScoring.Model(rf, 0.3, "v-live");
    shadow = new FraudScoring.Model(lr, 0.5, "v-shadow");
    options =
        FraudScoringOptions.parse(
            new String[] {"--model-registry", "unused", "--checkpoint-location", "unused"},
            Map.of());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The features stage's output, as FraudScoring's batch gets it, from its state's rows. */
  private static Dataset<Row> withRowFeatures(Dataset<Row> withTerminal) {
    return OnlineFraudFeatures.rowFeatures(withTerminal);
  }

  /**
   * A row of the features' state: every feature 1.0 (NaN for a NaN amount: what the assembler
   * refuses); {@code error} set means no features.
   */
  private static Row featured(String id, double amount, String error, Double label) {
    List<Object> values = new ArrayList<>();
    for (StructField f : FEATURED.fields()) {
      String name = f.name();
      Object v;
      if (error != null && FraudFeatures.NAMES.contains(name)) {
        v = null;
      } else if (FraudFeatures.NAMES.contains(name)) {
        v = Double.isNaN(amount) ? Double.NaN : 1.0;
      } else if (name.equals(OnlineFraudFeatures.ERROR)) {
        v = error;
      } else if (name.equals(OnlineFraudFeatures.SOURCE)) {
        v =
            RowFactory.create(
                id.getBytes(StandardCharsets.UTF_8),
                ("{\"transactionId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
                "bank.transactions",
                1,
                (long) id.hashCode() & 0xffff,
                Timestamp.from(Instant.parse("2026-11-26T10:00:00Z")));
      } else if (f.dataType().equals(DataTypes.StringType)) {
        v = name.equals("transactionId") ? id : name.equals("currency") ? "EUR" : name + "-" + id;
      } else if (f.dataType().equals(DataTypes.LongType)) {
        v = name.equals("amountCents") ? Math.round(Double.isNaN(amount) ? 0 : amount * 100) : 1L;
      } else if (f.dataType().equals(DataTypes.TimestampType)) {
        v = Timestamp.from(Instant.parse("2026-11-26T10:00:00.123Z"));
      } else {
        v = 1.0;
      }
      values.add(v);
    }
    if (label != null) {
      values.add(label);
    }
    return RowFactory.create(values.toArray());
  }

  private static Dataset<Row> batch(boolean withNaN) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(featured("ok-" + i, i % 3 == 0 ? 450.0 + i : 12.0 + i, null, null));
    }
    if (withNaN) {
      rows.add(featured("nan", Double.NaN, null, null));
    }
    rows.add(featured("no-features", 20, "features failed: test", null));
    return withRowFeatures(spark.createDataFrame(rows, FEATURED));
  }

  @Test
  void theModelsCompile() {
    assertNotNull(live.compiled());
    assertNotNull(shadow.compiled());
    assertTrue(OnePassScoring.applies(new LiveModel.Models(live, shadow), batch(true).schema()));
  }

  @Test
  void writesWhatTheCachedPathWrites() {
    LiveModel.Models models = new LiveModel.Models(live, null);
    TreeSet<String> onePass = records(OnePassScoring.records(batch(true), models, options));
    assertEquals(records(cachedPath(batch(true), models)), onePass);
    assertEquals(30, count(onePass, options.scoredTopic()));
    assertEquals(10, count(onePass, options.streaming().outputTopic()), onePass::toString);
    assertEquals(2, count(onePass, options.streaming().deadLetterTopic()));
    assertTrue(
        onePass.stream()
            .anyMatch(
                r ->
                    r.startsWith(options.streaming().deadLetterTopic() + " nan ")
                        && r.contains("scoring failed: ")
                        && r.contains("NaN")),
        onePass::toString);
  }

  @Test
  void withAShadowWritesWhatTheCachedPathWrites() {
    LiveModel.Models models = new LiveModel.Models(live, shadow);
    TreeSet<String> onePass = records(OnePassScoring.records(batch(false), models, options));
    assertEquals(records(cachedPath(batch(false), models)), onePass);
    assertEquals(30, shadowVerdicts(onePass));
  }

  /**
   * Where the cached path differs, on purpose: a row neither model can score goes to the dead
   * letters, and the shadow's verdicts on the other rows are kept (the cached path's shadow scores
   * the batch whole, so that row cost the batch its shadow verdicts).
   */
  @Test
  void aRowNoModelScoresLeavesTheShadowsVerdictsOnTheOthers() {
    LiveModel.Models models = new LiveModel.Models(live, shadow);
    TreeSet<String> onePass = records(OnePassScoring.records(batch(true), models, options));
    assertEquals(30, shadowVerdicts(onePass));
    assertEquals(0, shadowVerdicts(records(cachedPath(batch(true), models))));
    assertEquals(2, count(onePass, options.streaming().deadLetterTopic()));
  }

  private static long count(TreeSet<String> records, String topic) {
    return records.stream().filter(r -> r.startsWith(topic + " ")).count();
  }

  private static long shadowVerdicts(TreeSet<String> records) {
    return records.stream()
        .filter(
            r ->
                r.startsWith(options.scoredTopic() + " ")
                    && r.contains("\"shadowVersion\":\"v-shadow\"")
                    && r.contains("\"shadowScore\""))
        .count();
  }

  /** What {@link FraudScoring#writeScores} writes when a model is not compiled, as rows. */
  private static Dataset<Row> cachedPath(Dataset<Row> featured, LiveModel.Models models) {
    Dataset<Row> valid = featured.where(col(OnlineFraudFeatures.ERROR).isNull());
    IsolatingScorer.Result result = IsolatingScorer.score(models.live(), valid);
    Dataset<Row> liveRows = FraudScoring.withLiveVerdict(result.scored(), models.live());
    Dataset<Row> shadowScores = FraudScoring.shadowScores(models.shadow(), valid);
    Dataset<Row> failed = featured.where(col(OnlineFraudFeatures.ERROR).isNotNull());
    if (result.failed() != null) {
      failed = failed.union(result.failed());
    }
    return withTopic(FraudScoring.deadLetters(failed), options.streaming().deadLetterTopic())
        .union(
            withTopic(
                FraudScoring.alertRecords(liveRows.where(col("alert"))),
                options.streaming().outputTopic()))
        .union(
            withTopic(
                FraudScoring.scoredRecords(
                    FraudScoring.withShadow(liveRows, models.shadow(), shadowScores)),
                options.scoredTopic()));
  }

  private static Dataset<Row> withTopic(Dataset<Row> records, String topic) {
    return records.select(lit(topic).alias("topic"), col("key"), col("value"));
  }

  /** Each record as "topic key value", the value without its scoredAt (the time of scoring). */
  private static TreeSet<String> records(Dataset<Row> records) {
    TreeSet<String> out = new TreeSet<>();
    for (Row r : records.select("topic", "key", "value").collectAsList()) {
      ObjectNode value =
          (ObjectNode) JsonReader.parse(r.getString(2).getBytes(StandardCharsets.UTF_8));
      value.remove("scoredAt");
      out.add(r.getString(0) + " " + r.getString(1) + " " + value);
    }
    return out;
  }
}
