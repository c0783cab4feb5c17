package io.pulse.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * How a job talks to Kafka: where the brokers are, how it authenticates, where a new query starts
 * reading, and what happens when offsets have been deleted under it. Every source, sink and the
 * status reporter's producer get the same client settings from here.
 *
 * @param bootstrapServers {@code kafka-bootstrap-servers}
 * @param security the Kafka client's own security settings ({@code security.protocol}, ...), from
 *     the {@code kafka-security-*}, {@code kafka-sasl-*} and {@code kafka-ssl-*} options: the names
 *     the services and the chart use too. Never logged ({@link #toString()} leaves them out).
 * @param startingOffsets {@code starting-offsets} for a query with no checkpoint yet
 * @param failOnDataLoss {@code fail-on-data-loss}
 * @param maxOffsetsPerTrigger {@code max-offsets-per-trigger}, 0 = none
 */
public record KafkaOptions(
    String bootstrapServers,
    Map<String, String> security,
    String startingOffsets,
    boolean failOnDataLoss,
    int maxOffsetsPerTrigger) {

  public static final JobOption BOOTSTRAP_SERVERS =
      new JobOption("kafka-bootstrap-servers", "localhost:9092", "Kafka brokers, host:port,...");

  public static final JobOption STARTING_OFFSETS =
      new JobOption(
          "starting-offsets",
          "earliest",
          "where a query with no checkpoint yet starts: earliest (count what is already there)"
              + " or latest");

  public static final JobOption FAIL_ON_DATA_LOSS =
      new JobOption(
          "fail-on-data-loss",
          "false",
          "stop when retention deleted unread records; false because a streaming dashboard should"
              + " keep going, and Spark logs the loss");

  public static final JobOption MAX_OFFSETS_PER_TRIGGER =
      new JobOption(
          "max-offsets-per-trigger", "0", "cap on records read per micro-batch; 0 = no cap");

  /** Option -> the Kafka client property it sets; none has a default (plaintext, no SASL). */
  private static final Map<JobOption, String> SECURITY =
      securityOptions(
          "kafka-security-protocol",
          "security.protocol",
          "Kafka client security.protocol (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)",
          "kafka-sasl-mechanism",
          "sasl.mechanism",
          "Kafka client sasl.mechanism (PLAIN, SCRAM-SHA-512, ...)",
          "kafka-sasl-jaas-config",
          "sasl.jaas.config",
          "Kafka client sasl.jaas.config; a secret: pass it as KAFKA_SASL_JAAS_CONFIG from a"
              + " Secret, never logged",
          "kafka-ssl-truststore-location",
          "ssl.truststore.location",
          "Kafka client ssl.truststore.location",
          "kafka-ssl-truststore-password",
          "ssl.truststore.password",
          "Kafka client ssl.truststore.password; a secret, never logged",
          "kafka-ssl-truststore-type",
          "ssl.truststore.type",
          "Kafka client ssl.truststore.type (JKS, PKCS12, PEM)");

  public KafkaOptions {
    security = Map.copyOf(security);
    if (!"earliest".equals(startingOffsets) && !"latest".equals(startingOffsets)) {
      throw new IllegalArgumentException(
          "--starting-offsets must be earliest or latest, got '" + startingOffsets + "'");
    }
    if (maxOffsetsPerTrigger < 0) {
      throw new IllegalArgumentException("--max-offsets-per-trigger must not be negative");
    }
  }

  private static Map<JobOption, String> securityOptions(String... triples) {
    Map<JobOption, String> options = new LinkedHashMap<>();
    for (int i = 0; i < triples.length; i += 3) {
      options.put(new JobOption(triples[i], null, triples[i + 2]), triples[i + 1]);
    }
    return options;
  }

  /** The options {@link #from} reads. */
  public static List<JobOption> options() {
    List<JobOption> options = new java.util.ArrayList<>(List.of(BOOTSTRAP_SERVERS));
    options.addAll(SECURITY.keySet());
    options.addAll(List.of(STARTING_OFFSETS, FAIL_ON_DATA_LOSS, MAX_OFFSETS_PER_TRIGGER));
    return options;
  }

  public static KafkaOptions from(JobArgs args) {
    Map<String, String> security = new LinkedHashMap<>();
    SECURITY.forEach(
        (option, property) -> {
          String value = args.string(option);
          if (value != null) {
            security.put(property, value);
          }
        });
    return new KafkaOptions(
        args.string(BOOTSTRAP_SERVERS),
        security,
        args.string(STARTING_OFFSETS),
        args.bool(FAIL_ON_DATA_LOSS),
        args.integer(MAX_OFFSETS_PER_TRIGGER));
  }

  /** Properties of a plain Kafka client (the status reporter's producer). */
  public Map<String, String> clientProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.putAll(security);
    return props;
  }

  /** The same properties as Spark's Kafka source and sink take them: prefixed with kafka. */
  private Map<String, String> sparkClientOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    clientProperties().forEach((k, v) -> options.put("kafka." + k, v));
    return options;
  }

  /** Options for {@code spark.readStream().format("kafka")} on {@code topic}. */
  public Map<String, String> sourceOptions(String topic) {
    Map<String, String> options = sparkClientOptions();
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

  /**
   * A batch read of the records of {@code topic} between two offset positions in the Kafka source's
   * JSON ({@code {"topic":{"0":12}}}; a null start is the beginning): one finished micro-batch's
   * input, read again.
   */
  public Dataset<Row> readRange(SparkSession spark, String topic, String start, String end) {
    Map<String, String> options = sparkClientOptions();
    options.put("subscribe", topic);
    options.put("startingOffsets", start == null ? "earliest" : start);
    options.put("endingOffsets", end);
    options.put("failOnDataLoss", Boolean.toString(failOnDataLoss));
    return spark.read().format("kafka").options(options).load();
  }

  /**
   * Options for the Kafka sink: every write acknowledged by all in-sync replicas. A null {@code
   * topic} leaves the topic to each row's {@code topic} column.
   */
  public Map<String, String> sinkOptions(String topic) {
    Map<String, String> options = sparkClientOptions();
    if (topic != null) {
      options.put("topic", topic);
    }
    options.put("kafka.acks", "all");
    options.put("kafka.enable.idempotence", "true");
    return options;
  }

  /** Writes a batch of ({@code key}, {@code value}) rows to {@code topic}. */
  public void write(Dataset<Row> records, String topic) {
    records.write().format("kafka").options(sinkOptions(topic)).save();
  }

  /**
   * Starts a query that writes {@code records} ({@code key}, {@code value}, and {@code topic} when
   * {@code topic} is null) every {@code trigger}, checkpointed under {@code checkpoint}: how each
   * job's results and dead letters reach Kafka.
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

  /** Leaves the security settings out: they hold passwords. */
  @Override
  public String toString() {
    return "KafkaOptions[bootstrapServers="
        + bootstrapServers
        + ", security="
        + security.keySet()
        + ", startingOffsets="
        + startingOffsets
        + ", failOnDataLoss="
        + failOnDataLoss
        + ", maxOffsetsPerTrigger="
        + maxOffsetsPerTrigger
        + "]";
  }
}
