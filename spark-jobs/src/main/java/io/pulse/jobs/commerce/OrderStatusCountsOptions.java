package io.pulse.jobs.commerce;

import io.pulse.events.Topics;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.KafkaOptions;
import io.pulse.jobs.SparkSessions;
import java.time.Duration;

/**
 * Everything OrderStatusCounts can be told, with its defaults. Each option is {@code --name value}
 * or the environment variable NAME (see {@link JobArgs}).
 *
 * @param kafka brokers and source behaviour
 * @param inputTopic {@code input-topic}, default orders.status-events
 * @param outputTopic {@code output-topic}, default analytics.order-status-counts (compacted)
 * @param deadLetterTopic {@code dead-letter-topic}, default orders.status-events.dlq
 * @param checkpointLocation {@code checkpoint-location}: offsets and state; required, because a
 *     streaming job without one cannot resume and would count from scratch after a restart
 * @param windowLength {@code window-length}, default 1 minute (the classic one-minute batches)
 * @param watermarkDelay {@code watermark-delay}, default 2 minutes: how late an event may be and
 *     still count; also how long eventIds are remembered for duplicate detection
 * @param triggerInterval {@code trigger-interval}, default 10 seconds: how often results update
 * @param master {@code spark-master}, used only when spark-submit set none; default local[*]
 * @param shufflePartitions {@code shuffle-partitions}: state partitions, default the machine's
 *     cores
 */
public record OrderStatusCountsOptions(
    KafkaOptions kafka,
    String inputTopic,
    String outputTopic,
    String deadLetterTopic,
    String checkpointLocation,
    Duration windowLength,
    Duration watermarkDelay,
    Duration triggerInterval,
    String master,
    int shufflePartitions) {

  public static OrderStatusCountsOptions from(JobArgs args) {
    String input = args.string("input-topic", Topics.ORDER_STATUS_EVENTS);
    return new OrderStatusCountsOptions(
        KafkaOptions.from(args),
        input,
        args.string("output-topic", Topics.ORDER_STATUS_COUNTS),
        args.string("dead-letter-topic", Topics.deadLetter(input)),
        args.required("checkpoint-location"),
        args.duration("window-length", "1 minute"),
        args.duration("watermark-delay", "2 minutes"),
        args.duration("trigger-interval", "10 seconds"),
        args.string("spark-master", "local[*]"),
        args.integer("shuffle-partitions", SparkSessions.localCores()));
  }

  public OrderStatusCountsOptions {
    if (windowLength.isZero() || windowLength.isNegative()) {
      throw new IllegalArgumentException("--window-length must be positive");
    }
    if (watermarkDelay.isNegative()) {
      throw new IllegalArgumentException("--watermark-delay must not be negative");
    }
    if (shufflePartitions < 1) {
      throw new IllegalArgumentException("--shuffle-partitions must be at least 1");
    }
  }
}
