package io.pulse.jobs.fraud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.events.JsonReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * Saves the chosen model where FraudScoring loads it: the fitted pipeline under {@link
 * FraudModelTrainer#PIPELINE_DIR}, and {@link FraudModelTrainer#METADATA_FILE} with the threshold,
 * features, periods, data source and every model's metrics.
 */
final class ModelStore {
  private ModelStore() {}

  /** Writes {@code model} and its metadata under {@code dir}. */
  static void save(
      PipelineModel model, TrainingReport report, FraudModelTrainerOptions o, String dir) {
    try {
      model.write().overwrite().save(dir + "/" + FraudModelTrainer.PIPELINE_DIR);
      ObjectNode meta = JsonReader.mapper().createObjectNode();
      meta.put("model", report.best());
      meta.put("threshold", report.threshold());
      ArrayNode names = meta.putArray("features");
      FraudFeatures.NAMES.forEach(names::add);
      ObjectNode period = meta.putObject("period");
      period.put("trainFrom", report.protocol().trainFrom().toString());
      period.put("trainUntil", report.protocol().trainUntil().toString());
      period.put("testFrom", report.protocol().testFrom().toString());
      period.put("testUntil", report.protocol().testUntil().toString());
      period.put("trainRows", report.trainRows());
      period.put("testRows", report.testRows());
      period.put("folds", report.folds());
      ObjectNode data = meta.putObject("data");
      data.put("source", o.source());
      ArrayNode metrics = meta.putArray("metrics");
      for (TrainingReport.ModelResult r : report.results()) {
        ObjectNode m = metrics.addObject();
        m.put("model", r.model());
        m.put("trainSeconds", r.trainSeconds());
        summary(m.putObject("validation"), r.validation());
        summary(m.putObject("test"), r.test());
      }
      meta.put("trainedAt", Instant.now().toString());
      org.apache.hadoop.fs.Path path =
          new org.apache.hadoop.fs.Path(dir + "/" + FraudModelTrainer.METADATA_FILE);
      FileSystem fs =
          path.getFileSystem(SparkSession.active().sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(
            JsonReader.mapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(meta)
                .getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + dir, e);
    }
  }

  private static void summary(ObjectNode node, FraudMetrics.Summary s) {
    node.put("aucRoc", s.aucRoc());
    node.put("averagePrecision", s.averagePrecision());
    node.put("cardPrecisionAtK", s.cardPrecisionAtK());
    node.put("k", s.k());
  }
}
