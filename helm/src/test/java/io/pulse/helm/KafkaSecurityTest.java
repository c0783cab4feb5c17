package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.pulse.events.TopicSpec;
import io.pulse.events.Topics;
import io.pulse.helm.PulseChart.Values;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Kafka with TLS and SCRAM-SHA-512, end to end in the rendering: with the chart's Strimzi cluster
 * (examples/production.yaml), a TLS listener with SCRAM and ACLs, one KafkaUser per component whose
 * ACLs are exactly the topics it uses, and every component's client settings pointing at its user's
 * Secret and the cluster CA; with an external cluster (examples/existing-kafka.yaml), the Secrets
 * named in kafka.security. The KafkaUsers' CRD validity is CrdSchemaTest's.
 */
class KafkaSecurityTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String CA_SECRET = "pulse-kafka-cluster-ca-cert";
  private final PulseChart chart = PulseChart.ofRepository();

  @Test
  @SuppressWarnings("unchecked")
  void theStrimziClusterTakesOnlyTlsWithScramAndAuthorizes() {
    GenericKubernetesResource kafka = only(scram(), "Kafka");
    List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
    assertEquals(1, listeners.size(), "a listener beside the TLS one: " + listeners);
    Map<String, Object> tls = listeners.get(0);
    assertEquals(Boolean.TRUE, tls.get("tls"));
    assertEquals(9093, tls.get("port"));
    assertEquals(Map.of("type", "scram-sha-512"), tls.get("authentication"));
    assertEquals(Map.of("type", "simple"), kafka.get("spec", "kafka", "authorization"));
    assertNotNull(kafka.get("spec", "entityOperator", "userOperator"), "no User Operator");
  }

  @Test
  void everyComponentHasItsOwnKafkaUserAndClientSettings() {
    List<GenericKubernetesResource> objects = scram();
    Set<String> users = new TreeSet<>();
    for (GenericKubernetesResource user : ofKind(objects, "KafkaUser")) {
      users.add(user.getMetadata().getName());
      assertEquals(
          "pulse-kafka", user.getMetadata().getLabels().get("strimzi.io/cluster"), "cluster");
    }
    assertEquals(
        Set.of(
            "pulse-order-ingest",
            "pulse-social-ingest",
            "pulse-transaction-gateway",
            "pulse-results-service",
            "pulse-order-status-counts",
            "pulse-social-sentiment",
            "pulse-fraud-scoring"),
        users);

    int components = 0;
    for (GenericKubernetesResource o : objects) {
      List<Workload.Env> env = Workload.env(o);
      if (env.isEmpty() || o.getMetadata().getName().contains("fraud-model-trainer")) {
        continue; // the trainer reads no topic (its history is a file)
      }
      components++;
      String what = ChartRenderTest.describe(o);
      Map<String, Workload.Env> byName = new LinkedHashMap<>();
      // Driver and executor carry the same settings: the last one wins, both are checked below.
      for (Workload.Env e : env) {
        byName.put(e.name(), e);
        if (e.name().equals("KAFKA_SASL_JAAS_CONFIG")) {
          assertEquals(
              Map.of("name", o.getMetadata().getName(), "key", "sasl.jaas.config"),
              e.secretKeyRef(),
              what + " JAAS config not from its KafkaUser's Secret");
        }
      }
      assertEquals("SASL_SSL", byName.get("KAFKA_SECURITY_PROTOCOL").value(), what);
      assertEquals("SCRAM-SHA-512", byName.get("KAFKA_SASL_MECHANISM").value(), what);
      assertEquals("PKCS12", byName.get("KAFKA_SSL_TRUSTSTORE_TYPE").value(), what);
      assertEquals(
          Map.of("name", CA_SECRET, "key", "ca.password"),
          byName.get("KAFKA_SSL_TRUSTSTORE_PASSWORD").secretKeyRef(),
          what);
      String truststore = byName.get("KAFKA_SSL_TRUSTSTORE_LOCATION").value();
      assertEquals(CA_SECRET, mountedSecret(o, truststore), what + " truststore " + truststore);
      assertTrue(truststore.endsWith("/ca.p12"), truststore);
    }
    assertEquals(4 + 3, components);
    for (String arg : List.of("kafka-bootstrap-servers")) {
      for (SparkApps.App app :
          SparkApps.of(chart.render(ValueSets.HPA_AND_INGRESS.values(chart)))) {
        if (app.name().contains("fraud-model-trainer")) {
          continue; // the trainer reads a CSV, no Kafka
        }
        assertTrue(app.argument(arg).endsWith(":9093"), app.name() + " " + app.argument(arg));
      }
    }
  }

  @Test
  void eachUsersAclsAreTheTopicsItUses() throws IOException {
    Map<String, Map<String, Set<String>>> acls = acls(scram());
    Set<String> created = new TreeSet<>();
    for (GenericKubernetesResource t : ofKind(scram(), "KafkaTopic")) {
      created.add(t.get("spec", "topicName"));
    }
    acls.forEach(
        (user, topics) ->
            topics.keySet().stream()
                .filter(t -> !t.startsWith("group:"))
                .forEach(t -> assertTrue(created.contains(t), user + ": no topic " + t)));

    // Each job: the topics its arguments name (inputs read, outputs and dead letters written).
    for (SparkApps.App app : SparkApps.of(chart.render(ValueSets.HPA_AND_INGRESS.values(chart)))) {
      List<String> args = app.arguments();
      Map<String, Set<String>> user = acls.get(app.name());
      if (app.name().contains("fraud-model-trainer")) {
        assertEquals(null, user, "the trainer reads no topic and needs no KafkaUser");
        continue;
      }
      for (int i = 0; i < args.size() - 1; i++) {
        if (args.get(i).endsWith("-topic")) {
          String topic = args.get(i + 1);
          String op = args.get(i).equals("--input-topic") ? "Read" : "Write";
          assertTrue(
              user.getOrDefault(topic, Set.of()).contains(op), app.name() + " " + op + " " + topic);
        }
      }
      assertTrue(user.get("group:spark-kafka-source-").contains("Read"), app.name() + " groups");
    }
    // Each ingest service writes the topics of its application.yml (pulse.topics).
    Path services = chart.dir().resolve("../../services").normalize();
    for (String service : List.of("order-ingest", "social-ingest", "transaction-gateway")) {
      JsonNode config =
          YAML.readTree(services.resolve(service + "/src/main/resources/application.yml").toFile());
      List<String> topics = new ArrayList<>();
      config.path("pulse").path("topics").forEach(t -> topics.add(t.asText()));
      assertFalse(topics.isEmpty(), service + " names no topic");
      Map<String, Set<String>> user = acls.get("pulse-" + service);
      for (String topic : topics) {
        assertEquals(Set.of("Write", "Describe"), user.get(topic), service + " " + topic);
      }
      assertEquals(topics.size(), user.size(), service + " may touch more: " + user.keySet());
    }
    // results-service reads every results topic of the catalog, writes nothing.
    Map<String, Set<String>> results = acls.get("pulse-results-service");
    for (TopicSpec t : Topics.catalog()) {
      if (t.name().startsWith(Topics.ANALYTICS_PREFIX)) {
        assertEquals(Set.of("Read", "Describe"), results.get(t.name()), t.name());
      }
    }
    assertTrue(results.values().stream().noneMatch(ops -> ops.contains("Write")), "writes");
    assertEquals(Set.of("Read"), results.get("group:results-service"));
  }

  @Test
  void anExternalClusterTakesItsSecretsFromKafkaSecurity() {
    List<GenericKubernetesResource> objects =
        PulseChart.objects(chart.render(ValueSets.EXISTING_KAFKA.values(chart)));
    assertTrue(ofKind(objects, "KafkaUser").isEmpty());
    int components = 0;
    for (GenericKubernetesResource o : objects) {
      Map<String, Workload.Env> env = new TreeMap<>();
      Workload.env(o).forEach(e -> env.put(e.name(), e));
      if (!env.containsKey("KAFKA_SECURITY_PROTOCOL")) {
        continue;
      }
      components++;
      String what = ChartRenderTest.describe(o);
      assertEquals("SASL_SSL", env.get("KAFKA_SECURITY_PROTOCOL").value(), what);
      assertEquals(
          Map.of("name", "pulse-kafka-jaas", "key", "sasl.jaas.config"),
          env.get("KAFKA_SASL_JAAS_CONFIG").secretKeyRef(),
          what);
      assertEquals(
          Map.of("name", "pulse-kafka-ca", "key", "ca.password"),
          env.get("KAFKA_SSL_TRUSTSTORE_PASSWORD").secretKeyRef(),
          what);
      assertEquals(
          "pulse-kafka-ca", mountedSecret(o, env.get("KAFKA_SSL_TRUSTSTORE_LOCATION").value()));
    }
    assertEquals(4 + 3, components);
  }

  @Test
  void byDefaultTheClientsArePlain() {
    List<GenericKubernetesResource> objects = PulseChart.objects(chart.render());
    assertTrue(ofKind(objects, "KafkaUser").isEmpty());
    for (GenericKubernetesResource o : objects) {
      for (Workload.Env e : Workload.env(o)) {
        if (e.name().equals("KAFKA_SECURITY_PROTOCOL")) {
          assertEquals("PLAINTEXT", e.value(), ChartRenderTest.describe(o));
        }
        assertFalse(e.name().startsWith("KAFKA_SASL"), ChartRenderTest.describe(o));
      }
    }
  }

  @Test
  void strimziModeRefusesWhatItCannotServe() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> chart.render(Values.defaults().set("kafka.security.protocol", "SASL_PLAINTEXT")));
    assertTrue(e.getMessage().contains("PLAINTEXT or SASL_SSL"), e::getMessage);
  }

  private List<GenericKubernetesResource> scram() {
    return PulseChart.objects(chart.render(ValueSets.HPA_AND_INGRESS.values(chart)));
  }

  /** user -> topic (or "group:prefix") -> operations. */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Set<String>>> acls(
      List<GenericKubernetesResource> objects) {
    Map<String, Map<String, Set<String>>> out = new TreeMap<>();
    for (GenericKubernetesResource user : ofKind(objects, "KafkaUser")) {
      Map<String, Set<String>> grants = new TreeMap<>();
      List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
      for (Map<String, Object> acl : acls) {
        Map<String, String> resource = (Map<String, String>) acl.get("resource");
        String key =
            resource.get("type").equals("topic")
                ? resource.get("name")
                : resource.get("type") + ":" + resource.get("name");
        assertEquals(
            resource.get("type").equals("topic") ? "literal" : "prefix",
            resource.get("patternType"),
            user.getMetadata().getName() + " " + key);
        grants
            .computeIfAbsent(key, k -> new TreeSet<>())
            .addAll((List<String>) acl.get("operations"));
      }
      out.put(user.getMetadata().getName(), grants);
    }
    return out;
  }

  /**
   * The Secret mounted at the folder of {@code file}: a Deployment's secret volume, or a Spark
   * app's spark.kubernetes.driver.secrets.* (and the executors' at the same path).
   */
  @SuppressWarnings("unchecked")
  private static String mountedSecret(GenericKubernetesResource o, String file) {
    String dir = file.substring(0, file.lastIndexOf('/'));
    if (o.getKind().equals("Deployment")) {
      Map<String, Object> spec = o.get("spec", "template", "spec");
      Map<String, Object> container = ((List<Map<String, Object>>) spec.get("containers")).get(0);
      String volume =
          ((List<Map<String, Object>>) container.get("volumeMounts"))
              .stream()
                  .filter(m -> m.get("mountPath").equals(dir))
                  .map(m -> (String) m.get("name"))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError(dir + " not mounted"));
      return ((List<Map<String, Object>>) spec.get("volumes"))
          .stream()
              .filter(v -> v.get("name").equals(volume))
              .map(v -> (String) ((Map<String, Object>) v.get("secret")).get("secretName"))
              .findFirst()
              .orElseThrow();
    }
    Map<String, Object> conf = Workload.sparkConf(o);
    String secret = null;
    for (Map.Entry<String, Object> c : conf.entrySet()) {
      if (c.getKey().startsWith("spark.kubernetes.driver.secrets.") && c.getValue().equals(dir)) {
        secret = c.getKey().substring("spark.kubernetes.driver.secrets.".length());
      }
    }
    assertNotNull(secret, dir + " not mounted in the driver");
    assertEquals(dir, conf.get("spark.kubernetes.executor.secrets." + secret), "executors");
    return secret;
  }

  private static GenericKubernetesResource only(List<GenericKubernetesResource> objects, String k) {
    List<GenericKubernetesResource> found = ofKind(objects, k);
    assertEquals(1, found.size(), k);
    return found.get(0);
  }

  private static List<GenericKubernetesResource> ofKind(
      List<GenericKubernetesResource> objects, String kind) {
    return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
  }
}
