package io.pulse.jobs.fraud;

import io.pulse.events.Topics;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.KafkaOptions;
import io.pulse.jobs.SparkSessions;
import java.time.Duration;

/**
 * Everything FraudScoring can be told, with its defaults. Each option is {@code --name value} or
 * the environment variable NAME (see {@link JobArgs}).
 *
 * @param kafka brokers and source behaviour
 * @param inputTopic {@code input-topic}, default bank.transactions
 * @param labelsTopic {@code labels-topic}, default bank.fraud-labels
 * @param alertsTopic {@code alerts-topic}, default analytics.fraud-alerts (compacted, keyed by
 *     transactionId)
 * @param summaryTopic {@code summary-topic}, default analytics.fraud-summary (compacted, keyed by
 *     minute)
 * @param scoredTopic {@code scored-topic}, default bank.transactions.scored: every scored
 *     transaction, from which the summary is counted
 * @param modelPath {@code model-path} (required): what FraudModelTrainer saved
 * @param threshold {@code threshold}: alert from this score; default the one in metadata.json
 * @param checkpointLocation {@code checkpoint-location} (required): offsets and feature state
 * @param triggerInterval {@code trigger-interval}, default 1 minute: the micro-batch period
 * @param watermarkDelay {@code watermark-delay}, default 10 minutes: how late a transaction may be
 *     and still count in its minute's summary
 * @param stateIdleTimeout {@code state-idle-timeout}, default 37 days: a customer or terminal with
 *     no transaction for this long (processing time) loses its state, which by then holds nothing a
 *     feature could use
 * @param master {@code spark-master}, used only when spark-submit set none; default local[*]
 * @param shufflePartitions {@code shuffle-partitions}: state partitions, default the machine's
 *     cores
 */
public record FraudScoringOptions(
    KafkaOptions kafka,
    String inputTopic,
    String labelsTopic,
    String alertsTopic,
    String summaryTopic,
    String scoredTopic,
    String modelPath,
    Double threshold,
    String checkpointLocation,
    Duration triggerInterval,
    Duration watermarkDelay,
    Duration stateIdleTimeout,
    String master,
    int shufflePartitions) {

  public static FraudScoringOptions from(JobArgs args) {
    String threshold = args.optional("threshold");
    return new FraudScoringOptions(
        KafkaOptions.from(args),
        args.string("input-topic", Topics.BANK_TRANSACTIONS),
        args.string("labels-topic", Topics.FRAUD_LABELS),
        args.string("alerts-topic", Topics.FRAUD_ALERTS),
        args.string("summary-topic", Topics.FRAUD_SUMMARY),
        args.string("scored-topic", Topics.SCORED_TRANSACTIONS),
        args.required("model-path"),
        threshold == null ? null : Double.valueOf(threshold),
        args.required("checkpoint-location"),
        args.duration("trigger-interval", "1 minute"),
        args.duration("watermark-delay", "10 minutes"),
        args.duration("state-idle-timeout", "37 days"),
        args.string("spark-master", "local[*]"),
        args.integer("shuffle-partitions", SparkSessions.localCores()));
  }

  public FraudScoringOptions {
    if (threshold != null && (threshold < 0 || threshold > 1)) {
      throw new IllegalArgumentException("--threshold must be between 0 and 1");
    }
    if (shufflePartitions < 1) {
      throw new IllegalArgumentException("--shuffle-partitions must be at least 1");
    }
  }

  public String inputDeadLetterTopic() {
    return Topics.deadLetter(inputTopic);
  }

  public String labelsDeadLetterTopic() {
    return Topics.deadLetter(labelsTopic);
  }
}
