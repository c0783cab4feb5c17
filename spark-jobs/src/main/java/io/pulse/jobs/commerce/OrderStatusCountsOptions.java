package io.pulse.jobs.commerce;

import io.pulse.events.Pipeline;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.JobOption;
import io.pulse.jobs.StreamingJobOptions;
import java.util.List;
import java.util.Map;

/** Everything OrderStatusCounts can be told: the streaming options, with its defaults. */
public record OrderStatusCountsOptions(StreamingJobOptions streaming) {
  static final StreamingJobOptions.Defaults DEFAULTS =
      new StreamingJobOptions.Defaults(
          Pipeline.ORDER_STATUS_COUNTS,
          new JobOption(
              "window-length",
              "1 minute",
              "event-time window of the counts: the classic one-minute batches"),
          new JobOption(
              "watermark-delay",
              "2 minutes",
              "how late an order event may be and still count; also how long eventIds are"
                  + " remembered to drop duplicates. Order systems publish within seconds; two"
                  + " minutes covers their retries (ingest answers 503 and clients resend) while"
                  + " a window's count is final soon after it closes"));

  /** Every option, in the order the documentation lists them. */
  public static final List<JobOption> OPTIONS = StreamingJobOptions.options(DEFAULTS);

  public static OrderStatusCountsOptions from(JobArgs args) {
    return new OrderStatusCountsOptions(StreamingJobOptions.from(args, DEFAULTS));
  }

  /** {@code argv} and the environment, unknown options rejected. */
  public static OrderStatusCountsOptions parse(String[] argv, Map<String, String> env) {
    return from(JobArgs.parse(argv, env, OPTIONS));
  }
}
