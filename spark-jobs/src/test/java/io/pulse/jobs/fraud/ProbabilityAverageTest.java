package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.jobs.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbabilityAverageTest {
  private static SparkSession spark;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("probability-average-test", "local[1]", 1);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void averagesTheMembersAndSurvivesSaveAndLoad() throws Exception {
    Dataset<Row> members =
        spark.createDataFrame(
            List.of(
                RowFactory.create(Vectors.dense(0.9, 0.1), Vectors.dense(0.5, 0.5)),
                RowFactory.create(Vectors.dense(0.2, 0.8), Vectors.dense(0.0, 1.0))),
            new StructType()
                .add("lrProbability", SQLDataTypes.VectorType())
                .add("rfProbability", SQLDataTypes.VectorType()));
    PipelineModel fitted =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new ProbabilityAverage().setInputCols("lrProbability", "rfProbability")
                })
            .fit(members);
    String path = dir.resolve("ensemble").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);

    List<Row> out = loaded.transform(members).select("probability").collectAsList();
    assertEquals(2, out.size());
    assertArrayEquals(new double[] {0.7, 0.3}, ((Vector) out.get(0).get(0)).toArray(), 1e-12);
    assertArrayEquals(new double[] {0.1, 0.9}, ((Vector) out.get(1).get(0)).toArray(), 1e-12);
    assertEquals(
        0.9,
        FraudModelTrainer.score(loaded, members)
            .select(FraudModelTrainer.SCORE)
            .collectAsList()
            .get(1)
            .getDouble(0),
        1e-12);
  }
}
