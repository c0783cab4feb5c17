package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Scores one micro-batch with the model so that a record the model cannot score (a NaN feature that
 * the vector assembler rejects, a bug in a stage) fails alone: when scoring the whole batch throws,
 * halves are tried until each failing record is found, and the rest are scored. Only when every
 * record fails is it the model's fault rather than the records', and the batch fails.
 *
 * <p>Expects {@code rows} cached (the batch's input and its state updates must not be computed
 * again for each try). Halving costs a few Spark jobs per failing record, and only in a batch that
 * has one.
 */
final class IsolatingScorer {
  private static final String ROW = "_scoringRow";

  /**
   * @param scored the rows that scored, with {@link FraudModelTrainer#SCORE}, cached: the caller
   *     unpersists them
   * @param failed rows that could not be scored, with the reason in {@link
   *     OnlineFraudFeatures#ERROR}, cached; null when none failed
   */
  record Result(Dataset<Row> scored, Dataset<Row> failed) {}

  private IsolatingScorer() {}

  static Result score(FraudScoring.Model model, Dataset<Row> rows) {
    Dataset<Row> scored = null;
    try {
      // Caching computes every column of every row: a record the model cannot score throws here
      // (or already while planning, when the rows are local ones).
      scored = scoreOnly(model, rows).persist();
      scored.count();
      return new Result(scored, null);
    } catch (Exception whole) { // Spark throws its checked SparkException undeclared
      if (scored != null) {
        scored.unpersist();
      }
      return isolate(model, rows, whole);
    }
  }

  private static Result isolate(FraudScoring.Model model, Dataset<Row> rows, Exception whole) {
    Dataset<Row> numbered = rows.withColumn(ROW, monotonically_increasing_id()).persist();
    try {
      List<Long> ids = new ArrayList<>(numbered.select(ROW).as(Encoders.LONG()).collectAsList());
      ids.sort(null);
      List<Long> bad = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      isolate(model, numbered, ids, bad, reasons);
      if (bad.isEmpty() || (ids.size() > 1 && bad.size() == ids.size())) {
        // Not the records' fault: a passing failure, or a model that scores nothing (the query
        // fails and restarts, and a rollback in the registry takes effect at that start).
        throw new IllegalStateException("scoring the batch failed", whole);
      }
      Column isBad = col(ROW).isin(bad.toArray());
      Column reason = lit(null).cast("string");
      for (int i = 0; i < bad.size(); i++) {
        reason = when(col(ROW).equalTo(bad.get(i)), reasons.get(i)).otherwise(reason);
      }
      Dataset<Row> scored = scoreOnly(model, numbered.where(not(isBad))).drop(ROW).persist();
      Dataset<Row> failed =
          numbered.where(isBad).withColumn(OnlineFraudFeatures.ERROR, reason).drop(ROW).persist();
      scored.count();
      failed.count();
      return new Result(scored, failed);
    } finally {
      numbered.unpersist();
    }
  }

  /**
   * The rows with their {@link FraudModelTrainer#SCORE} and without the pipeline's intermediate
   * columns (assembled, scaled vectors, raw predictions, probabilities): those vectors are most of
   * a cached scored row and nothing downstream reads them.
   */
  private static Dataset<Row> scoreOnly(FraudScoring.Model model, Dataset<Row> rows) {
    List<Column> keep = new ArrayList<>();
    for (String c : rows.columns()) {
      keep.add(col(c));
    }
    keep.add(col(FraudModelTrainer.SCORE));
    return model.score(rows).select(keep.toArray(Column[]::new));
  }

  /** Finds the failing rows among {@code ids} (sorted), halving. */
  private static void isolate(
      FraudScoring.Model model,
      Dataset<Row> numbered,
      List<Long> ids,
      List<Long> bad,
      List<String> reasons) {
    if (ids.isEmpty()) {
      // Nothing to blame (a batch that fails with no rows left to score, as when the session is
      // stopping): the caller reports the batch's own failure.
      return;
    }
    Dataset<Row> subset = numbered.where(col(ROW).between(ids.get(0), ids.get(ids.size() - 1)));
    Exception failure = tryScore(model, subset);
    if (failure == null) {
      return;
    }
    if (ids.size() == 1) {
      bad.add(ids.get(0));
      reasons.add("scoring failed: " + rootCause(failure));
      return;
    }
    int half = ids.size() / 2;
    isolate(model, numbered, ids.subList(0, half), bad, reasons);
    isolate(model, numbered, ids.subList(half, ids.size()), bad, reasons);
  }

  /** Scores every column of every row (the noop sink consumes them all); the failure or null. */
  private static Exception tryScore(FraudScoring.Model model, Dataset<Row> rows) {
    try {
      model.score(rows).write().format("noop").mode("overwrite").save();
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }
}
