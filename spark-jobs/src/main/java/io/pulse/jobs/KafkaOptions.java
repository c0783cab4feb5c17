package io.pulse.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * How a job talks to Kafka: where the brokers are, where a new query starts reading, and what
 * happens when offsets have been deleted under it.
 *
 * @param bootstrapServers {@code kafka-bootstrap-servers}, default localhost:9092
 * @param startingOffsets {@code starting-offsets} for a query with no checkpoint yet: earliest
 *     (default: count what is already there) or latest
 * @param failOnDataLoss {@code fail-on-data-loss}: stop when retention deleted unread records
 *     (default false: a streaming dashboard should keep going, and the loss is logged by Spark)
 * @param maxOffsetsPerTrigger {@code max-offsets-per-trigger}: cap per micro-batch, 0 = none
 */
public record KafkaOptions(
    String bootstrapServers,
    String startingOffsets,
    boolean failOnDataLoss,
    int maxOffsetsPerTrigger) {

  public static KafkaOptions from(JobArgs args) {
    return new KafkaOptions(
        args.string("kafka-bootstrap-servers", "localhost:9092"),
        args.string("starting-offsets", "earliest"),
        Boolean.parseBoolean(args.string("fail-on-data-loss", "false")),
        args.integer("max-offsets-per-trigger", 0));
  }

  /** Options for {@code spark.readStream().format("kafka")} on {@code topic}. */
  public Map<String, String> sourceOptions(String topic) {
    var options = new java.util.LinkedHashMap<String, String>();
    options.put("kafka.bootstrap.servers", bootstrapServers);
    options.put("subscribe", topic);
    options.put("startingOffsets", startingOffsets);
    options.put("failOnDataLoss", Boolean.toString(failOnDataLoss));
    if (maxOffsetsPerTrigger > 0) {
      options.put("maxOffsetsPerTrigger", Integer.toString(maxOffsetsPerTrigger));
    }
    return options;
  }

  /** A streaming read of {@code topic}: the Kafka source's columns, one row per record. */
  public Dataset<Row> readStream(SparkSession spark, String topic) {
    return spark.readStream().format("kafka").options(sourceOptions(topic)).load();
  }

  /** Options for the Kafka sink: every write acknowledged by all in-sync replicas. */
  public Map<String, String> sinkOptions(String topic) {
    return Map.of(
        "kafka.bootstrap.servers",
        bootstrapServers,
        "topic",
        topic,
        "kafka.acks",
        "all",
        "kafka.enable.idempotence",
        "true");
  }

  /**
   * Starts a query that writes {@code records} ({@code key}, {@code value}) to {@code topic}, every
   * {@code trigger}, checkpointed under {@code checkpoint}: how each job's results and dead letters
   * reach Kafka.
   */
  public StreamingQuery startSink(
      Dataset<Row> records,
      String queryName,
      String topic,
      OutputMode mode,
      Duration trigger,
      String checkpoint)
      throws TimeoutException {
    return records
        .writeStream()
        .queryName(queryName)
        .format("kafka")
        .options(sinkOptions(topic))
        .outputMode(mode)
        .trigger(Trigger.ProcessingTime(trigger.toMillis()))
        .option("checkpointLocation", checkpoint)
        .start();
  }
}
