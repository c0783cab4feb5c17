package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.jobs.SparkSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A record the model cannot score fails alone: a NaN feature, which the trainer's vector assembler
 * rejects (as it would a bug that produced one), in a batch of good records.
 */
class IsolatingScorerTest {
  private static final StructType ROWS = schema();
  private static SparkSession spark;
  private static FraudScoring.Model model;

  @BeforeAll
  static void fit() {
    spark = SparkSessions.create("isolating-scorer-test", "local[2]", 2);
    List<Row> training = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      training.add(row("t" + i, i % 4 == 0 ? 500.0 + i : 10.0 + i, i % 4 == 0 ? 1.0 : 0.0));
    }
    FraudModelTrainerOptions options =
        FraudModelTrainerOptions.parse(
            new String[] {"--input-csv", "unused", "--model-path", "unused"}, Map.of());
    PipelineModel pipeline =
        ModelPipelines.pipeline("lr", options, training.size())
            .fit(spark.createDataFrame(training, ROWS));
    model = new FraudScoring.Model(pipeline, 0.5, "v-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static StructType schema() {
    StructType s = new StructType().add("transactionId", DataTypes.StringType);
    for (String name : FraudFeatures.NAMES) {
      s = s.add(name, DataTypes.DoubleType);
    }
    return s.add("label", DataTypes.DoubleType);
  }

  private static Row row(String id, double amount, double label) {
    Object[] values = new Object[ROWS.size()];
    values[0] = id;
    for (int i = 0; i < FraudFeatures.NAMES.size(); i++) {
      values[i + 1] = FraudFeatures.NAMES.get(i).equals(FraudFeatures.TX_AMOUNT) ? amount : 1.0;
    }
    values[values.length - 1] = label;
    return RowFactory.create(values);
  }

  @Test
  void aBatchThatScoresIsScoredWhole() {
    IsolatingScorer.Result r =
        IsolatingScorer.score(
            model, spark.createDataFrame(List.of(row("a", 20, 0), row("b", 900, 0)), ROWS));
    assertEquals(2, r.scored().count());
    assertNull(r.failed());
    r.scored().unpersist();
  }

  @Test
  void aRecordTheModelCannotScoreFailsAloneWithItsReason() {
    List<Row> batch = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      batch.add(row("ok-" + i, 20 + i, 0));
    }
    batch.add(7, row("nan", Double.NaN, 0));
    IsolatingScorer.Result r = IsolatingScorer.score(model, spark.createDataFrame(batch, ROWS));
    assertEquals(13, r.scored().count());
    assertEquals(0, r.scored().where("transactionId = 'nan'").count());
    List<Row> failed = r.failed().collectAsList();
    assertEquals(1, failed.size());
    assertEquals("nan", failed.get(0).getAs("transactionId"));
    String reason = failed.get(0).getAs(OnlineFraudFeatures.ERROR);
    assertTrue(reason.startsWith("scoring failed") && reason.contains("NaN"), reason);
    r.scored().unpersist();
    r.failed().unpersist();
  }

  @Test
  void whenEveryRecordFailsItIsTheBatchsFailure() {
    Dataset<Row> allBad =
        spark.createDataFrame(List.of(row("x", Double.NaN, 0), row("y", Double.NaN, 0)), ROWS);
    assertThrows(RuntimeException.class, () -> IsolatingScorer.score(model, allBad));
  }
}
