package io.pulse.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The Kafka client security settings come from environment variables with the names the Spark jobs
 * and the chart use, with no mapping code: Micronaut's environment property source turns {@code
 * KAFKA_SECURITY_PROTOCOL} into {@code kafka.security.protocol}, and micronaut-kafka hands every
 * {@code kafka.*} property to each producer and consumer. Checked in a child JVM, because only a
 * real process environment goes through that property source.
 */
class KafkaSecurityFromEnvironmentTest {
  private static final Map<String, String> ENV =
      Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
          "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
          "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
          "KAFKA_SASL_JAAS_CONFIG",
              "org.apache.kafka.common.security.scram.ScramLoginModule required"
                  + " username=\"order-ingest\" password=\"s3cret\";",
          "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/pulse/kafka/ca.p12",
          "KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit",
          "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");

  /** The child: the Kafka client configuration a service context builds from its environment. */
  public static void main(String[] args) throws IOException {
    try (ApplicationContext context = ApplicationContext.run()) {
      Properties config = context.getBean(KafkaDefaultConfiguration.class).getConfig();
      config.store(System.out, null);
    }
  }

  @Test
  void everyKafkaSecuritySettingReachesTheClientsConfiguration() throws Exception {
    ProcessBuilder child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    KafkaSecurityFromEnvironmentTest.class.getName()))
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    child.environment().putAll(ENV);
    Process process = child.start();
    Properties config = new Properties();
    config.load(
        new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1));
    assertEquals(0, process.waitFor());

    assertEquals("SASL_SSL", config.getProperty("security.protocol"), config.keySet().toString());
    assertEquals("SCRAM-SHA-512", config.getProperty("sasl.mechanism"));
    assertEquals(ENV.get("KAFKA_SASL_JAAS_CONFIG"), config.getProperty("sasl.jaas.config"));
    assertEquals("/etc/pulse/kafka/ca.p12", config.getProperty("ssl.truststore.location"));
    assertEquals("changeit", config.getProperty("ssl.truststore.password"));
    assertEquals("PKCS12", config.getProperty("ssl.truststore.type"));
  }
}
