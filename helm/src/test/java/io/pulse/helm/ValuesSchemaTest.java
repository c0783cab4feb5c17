package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.helm.PulseChart.Values;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json stops a wrong value at install time, with a message that names it. */
class ValuesSchemaTest {
  private final PulseChart chart = PulseChart.ofRepository();

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "services.order-ingest.replicas | -1             | replicas",
        "kafka.mode                     | zookeeper      | mode",
        "kafka.strimzi.replicas         | 0              | replicas",
        "spark.executor.instances       | 0              | instances",
        "spark.driver.memory            | lots           | memory",
        "storage.type                   | nfs            | type",
        "logLevel                       | LOUD           | logLevel",
        "autoscaling.enabled            | sometimes      | enabled",
        "servics.order-ingest.replicas  | 2              | servics",
        "spark.args.Shuffle_Partitions  | 4              | Shuffle_Partitions",
        // Secrets never go through values: no env var or Spark setting that would hold one.
        "services.order-ingest.env.PULSE_INGEST_TOKEN | abc | PULSE_INGEST_TOKEN",
        "services.social-ingest.env.KAFKA_SASL_JAAS_CONFIG | abc | KAFKA_SASL_JAAS_CONFIG",
        "spark.sparkConf.spark\\.hadoop\\.fs\\.s3a\\.secret\\.key | abc | secret.key",
      })
  void rejects(String key, String value, String named) {
    Values wrong = Values.defaults().set(key, value);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> chart.render(wrong));
    assertTrue(e.getMessage().contains("values don't meet the specifications"), e::getMessage);
    assertTrue(e.getMessage().contains(named), e::getMessage);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"kafka.mode, external", "storage.type, objectStore"})
  void rejectsAModeWithoutTheSettingItNeeds(String key, String value) {
    Values incomplete = Values.defaults().set(key, value);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> chart.render(incomplete));
    assertTrue(
        e.getMessage().contains("minLength") || e.getMessage().contains("length"), e::getMessage);
  }
}
