package io.pulse.jobs.fraud;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The last stage of an ensemble: the element-wise mean of its members' probability vectors, as the
 * {@code probability} column every Pulse model ends with, so that FraudScoring scores an ensemble
 * exactly as a single classifier. Saved and loaded with its pipeline (Spark finds {@link #read()}
 * by reflection).
 */
public final class ProbabilityAverage extends Transformer implements DefaultParamsWritable {
  private final String uid;
  private final StringArrayParam inputCols;
  private final Param<String> outputCol;

  public ProbabilityAverage() {
    this(Identifiable$.MODULE$.randomUID("probabilityAverage"));
  }

  public ProbabilityAverage(String uid) {
    this.uid = uid;
    this.inputCols = new StringArrayParam(this, "inputCols", "the members' probability columns");
    this.outputCol = new Param<>(this, "outputCol", "the mean probability vector");
    setDefault(outputCol, "probability");
  }

  // Public and without arguments: Spark's Params finds its parameters through such methods.
  public StringArrayParam inputCols() {
    return inputCols;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public ProbabilityAverage setInputCols(String... columns) {
    set(inputCols, columns);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    String[] in = $(inputCols);
    Column sum = null;
    for (String c : in) {
      Column p = functions.vector_to_array(col(c), "float64");
      sum = sum == null ? p : org.apache.spark.sql.functions.zip_with(sum, p, Column::plus);
    }
    Column mean = org.apache.spark.sql.functions.transform(sum, x -> x.divide((double) in.length));
    return dataset.withColumn($(outputCol), functions.array_to_vector(mean));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    for (String c : $(inputCols)) {
      if (!Arrays.asList(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("no column " + c + " to average");
      }
    }
    return schema.add($(outputCol), SQLDataTypes.VectorType(), false);
  }

  @Override
  public ProbabilityAverage copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<ProbabilityAverage> read() {
    return new DefaultParamsReader<>();
  }

  public static ProbabilityAverage load(String path) {
    return read().load(path);
  }
}
