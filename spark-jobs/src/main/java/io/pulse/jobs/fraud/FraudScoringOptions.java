package io.pulse.jobs.fraud;

import io.pulse.events.Pipeline;
import io.pulse.events.Topics;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.JobOption;
import io.pulse.jobs.StreamingJobOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything FraudScoring can be told: the streaming options with its defaults (the output topic
 * holds the alerts, keyed by transactionId), and its own.
 *
 * @param labelsTopic fraud labels, which feed the terminals' risk features
 * @param summaryTopic per-window totals
 * @param scoredTopic every scored transaction, from which the summary is counted
 * @param scoredLabelsTopic every label joined with its scored transaction
 * @param labelHorizon how long after a transaction its label may conclude and still be matched
 * @param modelsTopic the registry's state and each model version's counts
 * @param modelRegistry the {@link ModelRegistry} root FraudModelTrainer registers versions in
 * @param modelCheckInterval how often, at most, registry.json is read again between micro-batches
 * @param modelWaitInterval how often registry.json is polled while there is no live version yet
 * @param threshold alert from this score; null: the one in metadata.json
 * @param stateIdleTimeout a customer or terminal idle this long (processing time) loses its state
 * @param testFailFeaturesOf testing only: the transaction whose features throw; null in production
 * @param archivePath the training archive's root ({@link FraudArchive}); null: no archive
 * @param archiveInterval how often the archive's queries write
 */
public record FraudScoringOptions(
    StreamingJobOptions streaming,
    String labelsTopic,
    String summaryTopic,
    String scoredTopic,
    String scoredLabelsTopic,
    Duration labelHorizon,
    String modelsTopic,
    String modelRegistry,
    Duration modelCheckInterval,
    Duration modelWaitInterval,
    Double threshold,
    Duration stateIdleTimeout,
    String testFailFeaturesOf,
    String archivePath,
    Duration archiveInterval) {
  static final StreamingJobOptions.Defaults DEFAULTS =
      new StreamingJobOptions.Defaults(
          Pipeline.FRAUD_SCORING,
          new JobOption(
              "window-length", "1 minute", "window of the fraud summary: per-minute totals"),
          new JobOption(
              "watermark-delay",
              "10 minutes",
              "how late a transaction may be and still count in its window's summary; also how"
                  + " long transactionIds are remembered to drop a replayed batch. Card terminals"
                  + " that were offline upload their transactions minutes late, and money totals"
                  + " should include them; the state is ten one-minute windows and the ids of ten"
                  + " minutes of transactions"));

  static final JobOption LABELS_TOPIC =
      new JobOption(
          "labels-topic",
          Topics.FRAUD_LABELS,
          "fraud labels (dead letters: this topic's name + .dlq)");

  static final JobOption SUMMARY_TOPIC =
      new JobOption(
          "summary-topic", Topics.FRAUD_SUMMARY, "per-window totals (compacted, keyed by window)");

  static final JobOption SCORED_TOPIC =
      new JobOption(
          "scored-topic",
          Topics.SCORED_TRANSACTIONS,
          "every scored transaction, from which the summary is counted");

  static final JobOption SCORED_LABELS_TOPIC =
      new JobOption(
          "scored-labels-topic",
          Topics.SCORED_LABELS,
          "every label joined with its scored transaction (the scored record's fields plus fraud,"
              + " source, labelledAt): where a label without terminal or time gets them for the"
              + " terminal-risk features, and what per-version precision and recall count");

  static final JobOption LABEL_HORIZON =
      new JobOption(
          "label-horizon",
          "7 days",
          "a label is matched with its scored transaction when its labelledAt is at most this"
              + " long after the transaction; the join keeps this long of scored transactions in its"
              + " state. 7 days is the handbook's delay, by which it assumes a transaction's label"
              + " is known (the terminal-risk features only count transactions at least that old);"
              + " a later label is still on bank.fraud-labels for the next training run. Labels"
              + " are watermarked on labelledAt with --watermark-delay: one whose labelledAt is"
              + " further behind the newest label and scored transaction is dropped by the join"
              + " (Spark's rule for late rows), so send labels when they are concluded");

  static final JobOption MODELS_TOPIC =
      new JobOption(
          "models-topic",
          Topics.FRAUD_MODELS,
          "the model registry's state and each version's counts (compacted, keyed by version)");

  static final JobOption MODEL_REGISTRY =
      new JobOption(
          "model-registry",
          null,
          "the model registry's root, where FraudModelTrainer --model-registry adds versions"
              + " (required); the job scores with its live version and waits, reporting"
              + " WAITING_FOR_MODEL, until there is one");

  static final JobOption MODEL_CHECK_INTERVAL =
      new JobOption(
          "model-check-interval",
          "30 seconds",
          "between micro-batches, registry.json is read again at most this often, and a newly"
              + " promoted (or rolled back) live version is loaded without restarting the query;"
              + " reading one small file per batch would cost little, but an object store bills"
              + " each read");

  static final JobOption MODEL_WAIT_INTERVAL =
      new JobOption(
          "model-wait-interval",
          "5 seconds",
          "while the registry has no live version, registry.json is polled this often");

  static final JobOption THRESHOLD =
      new JobOption(
          "threshold", null, "alert from this score, 0..1 (default: the one in metadata.json)");

  static final JobOption STATE_IDLE_TIMEOUT =
      new JobOption(
          "state-idle-timeout",
          "37 days",
          "a customer or terminal with no transaction for this long (processing time: the"
              + " TTL of its state) loses its state, which by then holds nothing a feature could"
              + " use (the terminal features look 7 + 30 days back)");

  static final JobOption TEST_FAIL_FEATURES_OF =
      new JobOption(
          "test-fail-features-of",
          null,
          "testing only (unset in production): the online features of the transaction with this"
              + " id throw, as a bug in a feature would, to show that such a record goes to the"
              + " dead-letter topic with its reason while the job goes on");

  static final JobOption ARCHIVE_PATH =
      new JobOption(
          "archive-path",
          null,
          "the training archive's root (default: none, no archive): every valid transaction and"
              + " label is appended there as Parquet, under transactions/ and labels/ partitioned"
              + " by UTC date, for FraudModelTrainer --input-archive; Kafka keeps too few days for"
              + " 30 days of feature history plus the training protocol's weeks");

  static final JobOption ARCHIVE_INTERVAL =
      new JobOption(
          "archive-interval",
          "5 minutes",
          "how often the archive's queries write: each write adds files per partition and UTC"
              + " day, and training reads the archive once a day, so fewer, larger files beat"
              + " fresh ones. The job's consumer group holds the least offset its queries have"
              + " finished, so with an archive its lag trails by up to this long");

  /** Every option, in the order the documentation lists them. */
  public static final List<JobOption> OPTIONS = options();

  private static List<JobOption> options() {
    List<JobOption> options = new ArrayList<>(StreamingJobOptions.options(DEFAULTS));
    options.addAll(
        List.of(
            LABELS_TOPIC,
            SUMMARY_TOPIC,
            SCORED_TOPIC,
            SCORED_LABELS_TOPIC,
            LABEL_HORIZON,
            MODELS_TOPIC,
            MODEL_REGISTRY,
            MODEL_CHECK_INTERVAL,
            MODEL_WAIT_INTERVAL,
            THRESHOLD,
            STATE_IDLE_TIMEOUT,
            TEST_FAIL_FEATURES_OF,
            ARCHIVE_PATH,
            ARCHIVE_INTERVAL));
    return List.copyOf(options);
  }

  public FraudScoringOptions {
    if (threshold != null && (threshold < 0 || threshold > 1)) {
      throw new IllegalArgumentException("--threshold must be between 0 and 1");
    }
    if (labelHorizon.isNegative() || labelHorizon.isZero()) {
      throw new IllegalArgumentException("--label-horizon must be positive");
    }
    if (archiveInterval.isNegative()) {
      throw new IllegalArgumentException("--archive-interval must not be negative");
    }
  }

  public static FraudScoringOptions from(JobArgs args) {
    String threshold = args.string(THRESHOLD);
    return new FraudScoringOptions(
        StreamingJobOptions.from(args, DEFAULTS),
        args.string(LABELS_TOPIC),
        args.string(SUMMARY_TOPIC),
        args.string(SCORED_TOPIC),
        args.string(SCORED_LABELS_TOPIC),
        args.duration(LABEL_HORIZON),
        args.string(MODELS_TOPIC),
        args.required(MODEL_REGISTRY),
        args.duration(MODEL_CHECK_INTERVAL),
        args.duration(MODEL_WAIT_INTERVAL),
        threshold == null ? null : Double.valueOf(threshold),
        args.duration(STATE_IDLE_TIMEOUT),
        args.string(TEST_FAIL_FEATURES_OF),
        args.string(ARCHIVE_PATH),
        args.duration(ARCHIVE_INTERVAL));
  }

  /** {@code argv} and the environment, unknown options rejected. */
  public static FraudScoringOptions parse(String[] argv, Map<String, String> env) {
    return from(JobArgs.parse(argv, env, OPTIONS));
  }

  public String labelsDeadLetterTopic() {
    return Topics.deadLetter(labelsTopic);
  }
}
