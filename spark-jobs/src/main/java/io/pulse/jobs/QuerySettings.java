package io.pulse.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Starts a query with SQL settings of its own. A streaming query runs on a copy of the session's
 * settings taken when it starts (and records the stateful ones, such as the state store provider,
 * in its checkpoint), so setting them, starting and restoring gives that query alone those
 * settings: the session's other queries keep theirs.
 */
public final class QuerySettings {
  /** What starts the query. */
  @FunctionalInterface
  public interface Start {
    StreamingQuery start() throws TimeoutException;
  }

  /**
   * The RocksDB state store, committing a changelog of the changed keys rather than a snapshot of
   * every key, and without its row count (a metric nothing here reads, for which the store reads
   * each key before writing it). A checkpoint that already names a provider keeps it: Spark
   * restores that setting from the checkpoint.
   */
  public static final Map<String, String> ROCKSDB_STATE =
      Map.of(
          "spark.sql.streaming.stateStore.providerClass",
          "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider",
          "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled",
          "true",
          "spark.sql.streaming.stateStore.rocksdb.trackTotalNumberOfRows",
          "false");

  private QuerySettings() {}

  public static StreamingQuery startWith(
      SparkSession spark, Map<String, String> settings, Start start) throws TimeoutException {
    Map<String, String> before = new HashMap<>();
    for (String key : settings.keySet()) {
      before.put(key, spark.conf().getOption(key).getOrElse(() -> null));
    }
    settings.forEach(spark.conf()::set);
    try {
      return start.start();
    } finally {
      before.forEach(
          (key, value) -> {
            if (value == null) {
              spark.conf().unset(key);
            } else {
              spark.conf().set(key, value);
            }
          });
    }
  }

  /** {@code first} and {@code second} in one map; {@code second} wins where both name a key. */
  public static Map<String, String> and(Map<String, String> first, Map<String, String> second) {
    Map<String, String> both = new HashMap<>(first);
    both.putAll(second);
    return Map.copyOf(both);
  }
}
