package io.pulse.jobs;

import io.pulse.events.Pipeline;
import io.pulse.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every streaming job can be told, with one set of checks; each job's options record holds one
 * of these next to its own options. Defaults that differ between jobs (topics, window, watermark)
 * come from the job's {@link Defaults}, each with the reason for its value.
 *
 * @param kafka brokers, client security and source behaviour
 * @param inputTopic {@code input-topic}, default the pipeline's input
 * @param outputTopic {@code output-topic}, default the pipeline's first result topic
 * @param deadLetterTopic {@code dead-letter-topic}, default the input topic + {@code .dlq}
 * @param checkpointLocation {@code checkpoint-location} (required)
 * @param triggerInterval {@code trigger-interval}
 * @param chainedTriggerInterval {@code chained-trigger-interval}
 * @param watermarkDelay {@code watermark-delay}
 * @param windowLength {@code window-length}
 * @param shufflePartitions {@code shuffle-partitions}
 * @param master {@code spark-master}
 */
public record StreamingJobOptions(
    KafkaOptions kafka,
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    String checkpointLocation,
    Duration triggerInterval,
    Duration chainedTriggerInterval,
    Duration watermarkDelay,
    Duration windowLength,
    int shufflePartitions,
    String master) {

  public static final JobOption CHECKPOINT_LOCATION =
      new JobOption(
          "checkpoint-location",
          null,
          "where offsets and state are kept (required): a streaming job without one cannot"
              + " resume and would count from scratch after a restart");

  public static final JobOption TRIGGER_INTERVAL =
      new JobOption(
          "trigger-interval",
          "10 seconds",
          "how often results update; 10 s keeps the dashboard and fraud alerts within seconds of"
              + " the events while a micro-batch's fixed cost stays small beside it");

  public static final JobOption CHAINED_TRIGGER_INTERVAL =
      new JobOption(
          "chained-trigger-interval",
          "2 seconds",
          "trigger of the queries that read what another query of the same job writes (sentiment"
              + " windows, the fraud summary, per-version counts, the label join), at most the"
              + " trigger-interval: Spark fires processing-time triggers at multiples of the interval,"
              + " so with the same interval such a query would fire just before its input's batch"
              + " lands and see it one whole interval later; a query with no new input does not run,"
              + " so a short one costs nothing while idle");

  public static final JobOption SHUFFLE_PARTITIONS =
      new JobOption(
          "shuffle-partitions",
          null,
          "state partitions of aggregations (default: the machine's cores, as local mode uses"
              + " them); Spark's 200 is far too many for one machine, and the number is fixed once"
              + " a checkpoint exists");

  public static final JobOption SPARK_MASTER =
      new JobOption(
          "spark-master",
          "local[*]",
          "Spark master, used only when spark-submit set none (the Spark Operator does)");

  /**
   * What differs between streaming jobs.
   *
   * @param windowLength the {@code window-length} option with this job's default
   * @param watermarkDelay the {@code watermark-delay} option with this job's default and reason
   */
  public record Defaults(Pipeline pipeline, JobOption windowLength, JobOption watermarkDelay) {
    public Defaults {
      if (!windowLength.name().equals("window-length")
          || !watermarkDelay.name().equals("watermark-delay")) {
        throw new IllegalArgumentException("expected window-length and watermark-delay");
      }
    }

    JobOption inputTopic() {
      return new JobOption(
          "input-topic", pipeline.inputTopic(), "topic of the " + pipeline.id() + " events");
    }

    JobOption outputTopic() {
      return new JobOption(
          "output-topic", pipeline.resultTopics().get(0), "topic of the results (compacted)");
    }

    JobOption deadLetterTopic() {
      return new JobOption(
          "dead-letter-topic",
          pipeline.deadLetterTopic(),
          "where records of the input topic that cannot be decoded go (default: the input"
              + " topic's name + .dlq)");
    }
  }

  public StreamingJobOptions {
    if (windowLength.isZero() || windowLength.isNegative()) {
      throw new IllegalArgumentException("--window-length must be positive");
    }
    if (watermarkDelay.isNegative()) {
      throw new IllegalArgumentException("--watermark-delay must not be negative");
    }
    if (triggerInterval.isNegative()) {
      throw new IllegalArgumentException("--trigger-interval must not be negative");
    }
    if (chainedTriggerInterval.isNegative()) {
      throw new IllegalArgumentException("--chained-trigger-interval must not be negative");
    }
    if (shufflePartitions < 1) {
      throw new IllegalArgumentException("--shuffle-partitions must be at least 1");
    }
  }

  /** The options {@link #from} reads with {@code defaults}. */
  public static List<JobOption> options(Defaults defaults) {
    List<JobOption> options = new ArrayList<>(KafkaOptions.options());
    options.addAll(
        List.of(
            defaults.inputTopic(),
            defaults.outputTopic(),
            defaults.deadLetterTopic(),
            CHECKPOINT_LOCATION,
            TRIGGER_INTERVAL,
            CHAINED_TRIGGER_INTERVAL,
            defaults.watermarkDelay(),
            defaults.windowLength(),
            SHUFFLE_PARTITIONS,
            SPARK_MASTER));
    return options;
  }

  public static StreamingJobOptions from(JobArgs args, Defaults defaults) {
    String input = args.string(defaults.inputTopic());
    return new StreamingJobOptions(
        KafkaOptions.from(args),
        input,
        args.string(defaults.outputTopic()),
        args.string(defaults.deadLetterTopic().name(), Topics.deadLetter(input)),
        args.required(CHECKPOINT_LOCATION),
        args.duration(TRIGGER_INTERVAL),
        args.duration(CHAINED_TRIGGER_INTERVAL),
        args.duration(defaults.watermarkDelay()),
        args.duration(defaults.windowLength()),
        args.integer(SHUFFLE_PARTITIONS.name(), SparkSessions.localCores()),
        args.string(SPARK_MASTER));
  }

  /**
   * The trigger of a query whose input another query of this job writes: the chained interval,
   * never longer than the trigger interval.
   */
  public Duration chainedTrigger() {
    return chainedTriggerInterval.compareTo(triggerInterval) < 0
        ? chainedTriggerInterval
        : triggerInterval;
  }

  /** The checkpoint of one of the job's queries. */
  public String checkpoint(String query) {
    return checkpointLocation + "/" + query;
  }
}
