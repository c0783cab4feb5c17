package io.pulse.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession the same way for every job, locally and under spark-submit. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * @param master used only when nothing set {@code spark.master} (spark-submit and the Spark
   *     Operator do); {@code local[*]} by default
   * @param shufflePartitions state partitions of aggregations; Spark's default of 200 is far too
   *     many for one machine (3x slower measured here) and fixed once a checkpoint exists
   */
  public static SparkSession create(String appName, String master, int shufflePartitions) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (!conf.contains("spark.master")) {
      conf.setMaster(master);
    }
    conf.setIfMissing("spark.sql.session.timeZone", "UTC");
    conf.setIfMissing("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.sql.streaming.stateStore.stateSchemaCheck", "true");
    // Input and processing rates, batch latency and state rows in Spark's metrics system, which the
    // chart exports to Prometheus (JMX exporter); the same figures go to analytics.pipeline-status.
    conf.setIfMissing("spark.sql.streaming.metricsEnabled", "true");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** Default number of shuffle partitions: the cores of this machine, as local mode uses them. */
  public static int localCores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
