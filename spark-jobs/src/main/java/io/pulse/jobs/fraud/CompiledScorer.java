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
