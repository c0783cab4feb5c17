package io.pulse.jobs;

import io.pulse.events.Pipeline;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/** The {@code main} of every streaming job: session, status reporting, queries, wait. */
public final class StreamingJobs {
  /** Starts a job's queries; tests call the same method on their own session. */
  @FunctionalInterface
  public interface Starter<O> {
    List<StreamingQuery> start(SparkSession spark, O options) throws TimeoutException;
  }

  private StreamingJobs() {}

  /**
   * Runs {@code pipeline} until one of its queries stops; {@code primaryQuery}'s progress is what
   * the status topic reports.
   */
  public static <O> void run(
      Pipeline pipeline,
      String primaryQuery,
      StreamingJobOptions streaming,
      O options,
      Starter<O> starter)
      throws TimeoutException, StreamingQueryException {
    SparkSession spark =
        SparkSessions.create(pipeline.id(), streaming.master(), streaming.shufflePartitions());
    spark
        .streams()
        .addListener(new PipelineStatusReporter(pipeline.id(), primaryQuery, streaming.kafka()));
    starter.start(spark, options);
    spark.streams().awaitAnyTermination();
  }
}
