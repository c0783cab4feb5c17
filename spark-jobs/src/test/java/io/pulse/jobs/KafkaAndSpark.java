package io.pulse.jobs;

import io.pulse.testsupport.EmbeddedKafka;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's Kafka broker and local Spark session ({@code local[2]}, 2 shuffle partitions),
 * started before its first test and stopped after its last: {@code @RegisterExtension static final
 * KafkaAndSpark env = new KafkaAndSpark("name-it");}.
 */
public final class KafkaAndSpark implements BeforeAllCallback, AfterAllCallback {
  private final String appName;
  private EmbeddedKafka kafka;
  private SparkSession spark;

  public KafkaAndSpark(String appName) {
    this.appName = appName;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    kafka = EmbeddedKafka.start();
    spark = SparkSessions.create(appName, "local[2]", 2);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (spark != null) {
      spark.stop();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public SparkSession spark() {
    return spark;
  }
}
