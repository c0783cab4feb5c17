package io.pulse.jobs;

import io.pulse.events.Pipeline;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
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
    run(pipeline, primaryQuery, streaming, options, starter, List.of());
  }

  /**
   * The same, with the queries whose late events ({@link LateEvents}) go to the dead-letter topic.
   */
  public static <O> void run(
      Pipeline pipeline,
      String primaryQuery,
      StreamingJobOptions streaming,
      O options,
      Starter<O> starter,
      List<LateEvents.Watched> late)
      throws TimeoutException, StreamingQueryException {
    SparkSession spark =
        SparkSessions.create(pipeline.id(), streaming.master(), streaming.shufflePartitions());
    LateEvents lateEvents =
        late.isEmpty()
            ? null
            : new LateEvents(spark, streaming.kafka(), streaming.deadLetterTopic(), late);
    spark
        .streams()
        .addListener(
            new PipelineStatusReporter(
                pipeline.id(), primaryQuery, streaming.kafka(), System.getenv(), lateEvents));
    if (lateEvents != null) {
      spark.streams().addListener(lateEvents);
    }
    List<StreamingQuery> queries = starter.start(spark, options);
    // Standard Kafka tools (kafka-consumer-groups, exporters, KEDA) see the job's lag under its
    // name.
    spark
        .streams()
        .addListener(
            new ConsumerGroupCommitter(
                pipeline.id(),
                queries.stream().map(StreamingQuery::name).collect(Collectors.toSet()),
                streaming.kafka().clientProperties()));
    spark.streams().awaitAnyTermination();
  }
}
