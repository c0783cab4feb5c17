package io.pulse.jobs.sentiment;

import io.pulse.events.Pipeline;
import io.pulse.events.Topics;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.JobOption;
import io.pulse.jobs.StreamingJobOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything SocialSentiment can be told: the streaming options with its defaults, the topic of
 * scored posts and how CoreNLP scores.
 *
 * @param scoredPostsTopic every scored post, and the input of the window aggregation
 */
public record SocialSentimentOptions(
    StreamingJobOptions streaming, String scoredPostsTopic, ScorerSettings scorer) {
  static final StreamingJobOptions.Defaults DEFAULTS =
      new StreamingJobOptions.Defaults(
          Pipeline.SOCIAL_SENTIMENT,
          new JobOption("window-length", "15 minutes", "event-time window of the aggregates"),
          new JobOption(
              "watermark-delay",
              "30 minutes",
              "how late a post may arrive and still count; also how long post ids are remembered"
                  + " to drop redeliveries. Webhook retries and review batches arrive minutes"
                  + " late, and two 15-minute windows of posts (tens per second at most: CoreNLP's"
                  + " rate) are little state, so the job keeps a window open for two of its"
                  + " lengths"));

  static final JobOption SCORED_POSTS_TOPIC =
      new JobOption(
          "scored-posts-topic",
          Topics.SCORED_POSTS,
          "every scored post (compacted), and the input of the window aggregation");

  static final JobOption PARSER =
      new JobOption(
          "parser",
          "pcfg",
          "CoreNLP parser: pcfg, or shift-reduce (faster, needs the models-english jar and"
              + " several times the heap)");

  static final JobOption MAX_SENTENCE_TOKENS =
      new JobOption(
          "max-sentence-tokens",
          Integer.toString(ScorerSettings.DEFAULT_MAX_SENTENCE_TOKENS),
          "longer sentences are not parsed (CoreNLP parse.maxlen): PCFG time grows with the cube"
              + " of sentence length");

  /** Every option, in the order the documentation lists them. */
  public static final List<JobOption> OPTIONS = options();

  private static List<JobOption> options() {
    List<JobOption> options = new ArrayList<>(StreamingJobOptions.options(DEFAULTS));
    options.addAll(List.of(SCORED_POSTS_TOPIC, PARSER, MAX_SENTENCE_TOKENS));
    return List.copyOf(options);
  }

  public static SocialSentimentOptions from(JobArgs args) {
    return new SocialSentimentOptions(
        StreamingJobOptions.from(args, DEFAULTS),
        args.string(SCORED_POSTS_TOPIC),
        new ScorerSettings(
            SentimentParser.parse(args.string(PARSER)), args.integer(MAX_SENTENCE_TOKENS)));
  }

  /** {@code argv} and the environment, unknown options rejected. */
  public static SocialSentimentOptions parse(String[] argv, Map<String, String> env) {
    return from(JobArgs.parse(argv, env, OPTIONS));
  }
}
