package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores rows with a {@link CompiledModel}: one UDF over the assembler's input columns, instead of
 * Spark ML's assembler, scaler and classifier UDFs and their vectors. The model travels as a
 * broadcast made once per model version, so tasks carry only its handle (Spark ML's transform puts
 * the whole forest, 1–3 MiB, in every task binary).
 */
final class CompiledScorer {
  private static final Logger LOG = LoggerFactory.getLogger(CompiledScorer.class);

  private CompiledScorer() {}

  /** The pipeline compiled and broadcast, or null when {@link CompiledModel} does not know it. */
  static Broadcast<CompiledModel> broadcast(SparkSession spark, PipelineModel pipeline) {
    return CompiledModel.compile(pipeline)
        .map(m -> JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(m))
        .orElse(null);
  }

  /**
   * Whether the rows have each input column as a number or boolean (what VectorAssembler casts to
   * double); otherwise (a vector column, a missing one) Spark ML's transform decides.
   */
  static boolean accepts(CompiledModel model, StructType schema) {
    return Arrays.stream(model.inputColumns())
        .allMatch(
            c ->
                Arrays.asList(schema.fieldNames()).contains(c)
                    && (schema.apply(c).dataType() instanceof NumericType
                        || schema.apply(c).dataType() instanceof BooleanType));
  }

  /** The rows plus {@link FraudModelTrainer#SCORE}. */
  static Dataset<Row> withScore(Broadcast<CompiledModel> model, Dataset<Row> rows) {
    Column[] inputs =
        Arrays.stream(model.value().inputColumns())
            .map(c -> col(c).cast(DataTypes.DoubleType))
            .toArray(Column[]::new);
    return rows.withColumn(
        FraudModelTrainer.SCORE, udf(new Score(model), DataTypes.DoubleType).apply(array(inputs)));
  }

  /** What {@link #scoreOrError} gives per row: the score, or why there is none. */
  static final StructType SCORE_OR_ERROR =
      new StructType()
          .add(FraudModelTrainer.SCORE, DataTypes.DoubleType)
          .add(OnlineFraudFeatures.ERROR, DataTypes.StringType);

  /**
   * A {@link #SCORE_OR_ERROR} column for each row: the compiled model's score, or the reason it
   * cannot score the row ({@code scoring failed: } and the assembler's exception, as {@link
   * IsolatingScorer} reports it). A compiled model fails only on its row's own inputs (a null or
   * NaN feature), never for the batch, so each row's failure is caught where it happens and no
   * halving is needed.
   */
  static Column scoreOrError(Broadcast<CompiledModel> model) {
    Column[] inputs =
        Arrays.stream(model.value().inputColumns())
            .map(c -> col(c).cast(DataTypes.DoubleType))
            .toArray(Column[]::new);
    return udf(new ScoreOrError(model), SCORE_OR_ERROR).apply(array(inputs));
  }

  /**
   * The rows plus {@link FraudModelTrainer#SCORE}: through the compiled model when there is one and
   * the rows suit it, else through the pipeline (with its intermediate columns).
   */
  static Dataset<Row> score(
      Broadcast<CompiledModel> compiled, PipelineModel pipeline, Dataset<Row> rows) {
    if (compiled != null && accepts(compiled.value(), rows.schema())) {
      return withScore(compiled, rows);
    }
    if (compiled != null) {
      LOG.warn("rows lack the compiled model's numeric inputs: scoring through Spark ML");
    }
    return FraudModelTrainer.score(pipeline, rows);
  }

  /** {@link Score}, with a row's failure as its value instead of the task's. */
  private static final class ScoreOrError implements UDF1<scala.collection.Seq<Object>, Row> {
    private static final long serialVersionUID = 1L;
    private final Score score;

    ScoreOrError(Broadcast<CompiledModel> model) {
      this.score = new Score(model);
    }

    @Override
    public Row call(scala.collection.Seq<Object> values) {
      try {
        return RowFactory.create(score.call(values), null);
      } catch (Exception e) { // SparkException: the assembler's refusal of a null or NaN
        return RowFactory.create(null, "scoring failed: " + e);
      }
    }
  }

  /** The UDF: the model taken from the broadcast once per task, then one call per row. */
  private static final class Score implements UDF1<scala.collection.Seq<Object>, Double> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<CompiledModel> model;
    private transient CompiledModel local;

    Score(Broadcast<CompiledModel> model) {
      this.model = model;
    }

    @Override
    public Double call(scala.collection.Seq<Object> values) throws Exception {
      if (local == null) {
        local = model.value();
      }
      Double[] row = new Double[values.length()];
      for (int i = 0; i < row.length; i++) {
        row[i] = (Double) values.apply(i);
      }
      return local.score(row);
    }
  }
}
