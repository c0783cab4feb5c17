package io.pulse.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Counts the input rows each streaming query has processed, for tests and benchmarks that must know
 * when a query has read what was sent. {@code processAllAvailable()} cannot tell for a query with
 * processing-time state timeouts: those run a batch on every trigger, data or not, and the query
 * never looks idle.
 */
public final class QueryInputCounter extends StreamingQueryListener implements AutoCloseable {
  private final SparkSession spark;
  private final Map<java.util.UUID, AtomicLong> rows = new ConcurrentHashMap<>();

  private QueryInputCounter(SparkSession spark) {
    this.spark = spark;
  }

  /** Registers a counter; register before starting the queries to count from their first batch. */
  public static QueryInputCounter register(SparkSession spark) {
    QueryInputCounter counter = new QueryInputCounter(spark);
    spark.streams().addListener(counter);
    return counter;
  }

  public long rows(StreamingQuery query) {
    AtomicLong n = rows.get(query.id());
    return n == null ? 0 : n.get();
  }

  /** Waits until {@code query} has processed at least {@code expected} input rows. */
  public void await(StreamingQuery query, long expected, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (rows(query) < expected) {
      if (query.exception().isDefined()) {
        throw new IllegalStateException(query.name() + " failed", query.exception().get());
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            query.name() + " processed " + rows(query) + " of " + expected + " rows in " + timeout);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    rows.computeIfAbsent(event.progress().id(), id -> new AtomicLong())
        .addAndGet(event.progress().numInputRows());
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  @Override
  public void close() {
    spark.streams().removeListener(this);
  }
}
