package io.pulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaOptionsTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"pulse\""
          + " password=\"s3cret\";";

  @Test
  void clientSecurityReachesSourcesSinksAndPlainClientsButNotTheLog() {
    KafkaOptions kafka =
        KafkaOptions.from(
            JobArgs.parse(
                new String[] {
                  "--kafka-bootstrap-servers", "kafka:9093",
                  "--kafka-security-protocol", "SASL_SSL",
                  "--kafka-ssl-truststore-location", "/etc/kafka/truststore.p12"
                },
                Map.of("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "KAFKA_SASL_JAAS_CONFIG", JAAS),
                KafkaOptions.options()));

    Map<String, String> client = kafka.clientProperties();
    assertEquals("kafka:9093", client.get("bootstrap.servers"));
    assertEquals("SASL_SSL", client.get("security.protocol"));
    assertEquals("SCRAM-SHA-512", client.get("sasl.mechanism"));
    assertEquals(JAAS, client.get("sasl.jaas.config"));
    assertEquals("/etc/kafka/truststore.p12", client.get("ssl.truststore.location"));
    assertFalse(client.containsKey("ssl.truststore.password"));
    for (Map<String, String> spark :
        java.util.List.of(kafka.sourceOptions("t"), kafka.sinkOptions("t"))) {
      assertEquals("SASL_SSL", spark.get("kafka.security.protocol"));
      assertEquals(JAAS, spark.get("kafka.sasl.jaas.config"));
    }
    assertFalse(kafka.toString().contains("s3cret"), kafka.toString());
    assertTrue(kafka.toString().contains("sasl.jaas.config"), kafka.toString());
  }

  @Test
  void plaintextByDefaultAndChecked() {
    KafkaOptions kafka =
        KafkaOptions.from(JobArgs.parse(new String[0], Map.of(), KafkaOptions.options()));
    assertEquals(Map.of("bootstrap.servers", "localhost:9092"), kafka.clientProperties());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            KafkaOptions.from(
                JobArgs.parse(
                    new String[] {"--starting-offsets", "newest"},
                    Map.of(),
                    KafkaOptions.options())));
  }
}
