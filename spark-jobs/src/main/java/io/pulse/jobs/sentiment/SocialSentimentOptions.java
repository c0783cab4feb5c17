package io.pulse.jobs.sentiment;

import io.pulse.events.Topics;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.KafkaOptions;
import io.pulse.jobs.SparkSessions;
import java.time.Duration;

/**
 * Everything SocialSentiment can be told, with its defaults. Each option is {@code --name value} or
 * the environment variable NAME (see {@link JobArgs}).
 *
 * @param kafka brokers and source behaviour
 * @param inputTopic {@code input-topic}, default social.posts
 * @param scoredPostsTopic {@code scored-posts-topic}, default analytics.scored-posts (compacted):
 *     every scored post, and the input of the window aggregation
 * @param outputTopic {@code output-topic}, default analytics.sentiment-windows (compacted)
 * @param deadLetterTopic {@code dead-letter-topic}, default social.posts.dlq
 * @param checkpointLocation {@code checkpoint-location}: offsets and state; required
 * @param windowLength {@code window-length}, default 15 minutes
 * @param watermarkDelay {@code watermark-delay}, default 30 minutes: how late a post may arrive
 *     (webhook retries, review batches) and still count; also how long post ids are remembered to
 *     drop redeliveries
 * @param triggerInterval {@code trigger-interval}, default 10 seconds
 * @param master {@code spark-master}, used only when spark-submit set none; default local[*]
 * @param shufflePartitions {@code shuffle-partitions}, default the machine's cores; also the number
 *     of tasks that score posts in parallel
 * @param scorer {@code parser} (pcfg, default, or shift-reduce, which needs the models-english jar)
 *     and {@code max-sentence-tokens} (default 80)
 */
public record SocialSentimentOptions(
    KafkaOptions kafka,
    String inputTopic,
    String scoredPostsTopic,
    String outputTopic,
    String deadLetterTopic,
    String checkpointLocation,
    Duration windowLength,
    Duration watermarkDelay,
    Duration triggerInterval,
    String master,
    int shufflePartitions,
    ScorerSettings scorer) {

  public static SocialSentimentOptions from(JobArgs args) {
    String input = args.string("input-topic", Topics.SOCIAL_POSTS);
    return new SocialSentimentOptions(
        KafkaOptions.from(args),
        input,
        args.string("scored-posts-topic", Topics.SCORED_POSTS),
        args.string("output-topic", Topics.SENTIMENT_WINDOWS),
        args.string("dead-letter-topic", Topics.deadLetter(input)),
        args.required("checkpoint-location"),
        args.duration("window-length", "15 minutes"),
        args.duration("watermark-delay", "30 minutes"),
        args.duration("trigger-interval", "10 seconds"),
        args.string("spark-master", "local[*]"),
        args.integer("shuffle-partitions", SparkSessions.localCores()),
        new ScorerSettings(
            SentimentParser.parse(args.string("parser", "pcfg")),
            args.integer("max-sentence-tokens", ScorerSettings.DEFAULT_MAX_SENTENCE_TOKENS)));
  }

  public SocialSentimentOptions {
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
