package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.pulse.helm.PulseChart.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Secrets reach pods only through Secrets: every env var whose name says it holds a secret comes
 * from a {@code secretKeyRef}, no Secret holds a value written in a values file, and the
 * credentials of docs/API.md "Authentication" are generated (random, at least 32 characters) or
 * come from the Secret {@code auth.existingSecret} names.
 */
class SecretsTest {
  /** Env names that hold a secret. */
  static final Pattern SECRET_NAME = Pattern.compile("(?i)TOKEN|SECRET|PASSWORD|JAAS");

  private static final Pattern API_CREDENTIAL = Pattern.compile("`(PULSE_[A-Z_]+)`");
  private final PulseChart chart = PulseChart.ofRepository();

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void everySecretLookingEnvVarComesFromASecretKeyRef(ValueSets set) {
    List<String> problems = new ArrayList<>();
    int secretRefs = 0;
    for (GenericKubernetesResource o : PulseChart.objects(chart.render(set.values(chart)))) {
      for (Workload.Env env : Workload.env(o)) {
        if (env.secretKeyRef() != null) {
          secretRefs++;
        } else if (SECRET_NAME.matcher(env.name()).find()) {
          problems.add(env.where() + " " + env.name() + " is a plain value");
        }
      }
      for (String key : Workload.sparkConf(o).keySet()) {
        if (SECRET_NAME.matcher(key).find() && !Workload.referencesASecret(key)) {
          problems.add(ChartRenderTest.describe(o) + " sparkConf " + key + " holds a secret");
        }
      }
    }
    assertEquals(List.of(), problems, set.toString());
    // 3 ingest services with the ingest token, social-ingest's app secret, the read token.
    assertTrue(secretRefs >= 5, "only " + secretRefs + " env vars from Secrets");
  }

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void noSecretHoldsAValueFromAValuesFile(ValueSets set) throws IOException {
    Set<String> literals = new TreeSet<>();
    collectScalars(YAML.readTree(chart.dir().resolve("values.yaml").toFile()), literals);
    for (Path file : set.values(chart).files()) {
      collectScalars(YAML.readTree(file.toFile()), literals);
    }
    for (GenericKubernetesResource secret : ofKind(chart.render(set.values(chart)), "Secret")) {
      Map<String, String> data = secret.get("data");
      data.forEach(
          (key, value) -> {
            String decoded = decode(value);
            assertFalse(literals.contains(decoded), secret.getMetadata().getName() + " " + key);
            assertTrue(decoded.length() >= 32, secret.getMetadata().getName() + " " + key);
          });
    }
  }

  @Test
  void generatedCredentialsAreTheContractsNamesWithFreshRandomValues() throws IOException {
    Map<String, String> first = credentials(chart.render());
    Map<String, String> second = credentials(chart.render());
    assertEquals(apiCredentialNames(), first.keySet());
    for (String name : first.keySet()) {
      String value = first.get(name);
      assertTrue(value.matches("[A-Za-z0-9]{32,}"), name + " is not 32+ random characters");
      assertNotEquals(value, second.get(name), name + " is the same in two renderings");
    }
    assertEquals(
        3, new TreeSet<>(first.values()).size(), "two credentials share a value: " + first);
    Set<String> referenced = new TreeSet<>();
    for (GenericKubernetesResource o : PulseChart.objects(chart.render())) {
      for (Workload.Env env : Workload.env(o)) {
        if (env.secretKeyRef() != null
            && env.secretKeyRef().get("name").equals("pulse-credentials")) {
          assertEquals(env.name(), env.secretKeyRef().get("key"), env.where());
          referenced.add(env.name());
        }
      }
    }
    assertEquals(apiCredentialNames(), referenced, "credentials no service reads");
  }

  @Test
  void anExistingSecretReplacesTheGeneratedOne() {
    String rendered = chart.render(Values.defaults().set("auth.existingSecret", "my-credentials"));
    assertTrue(
        ofKind(rendered, "Secret").stream()
            .noneMatch(s -> s.getMetadata().getName().endsWith("-credentials")),
        "a credentials Secret is generated beside the existing one");
    Map<String, Set<String>> byService = new TreeMap<>();
    for (GenericKubernetesResource o : ofKind(rendered, "Deployment")) {
      for (Workload.Env env : Workload.env(o)) {
        if (env.name().startsWith("PULSE_") && env.secretKeyRef() != null) {
          assertEquals("my-credentials", env.secretKeyRef().get("name"), env.where());
          byService
              .computeIfAbsent(o.getMetadata().getName(), k -> new TreeSet<>())
              .add(env.name());
        }
      }
    }
    assertEquals(
        Map.of(
            "pulse-order-ingest", Set.of("PULSE_INGEST_TOKEN"),
            "pulse-social-ingest", Set.of("PULSE_INGEST_TOKEN", "PULSE_FACEBOOK_APP_SECRET"),
            "pulse-transaction-gateway", Set.of("PULSE_INGEST_TOKEN"),
            "pulse-results-service", Set.of("PULSE_READ_TOKEN")),
        byService);
  }

  /** The credential names of docs/API.md's "Authentication" section. */
  static Set<String> apiCredentialNames() throws IOException {
    String api = Files.readString(chart().dir().resolve("../../docs/API.md").normalize());
    int start = api.indexOf("## Authentication");
    int end = api.indexOf("\n## ", start + 1);
    assertTrue(start >= 0, "docs/API.md has no Authentication section");
    Set<String> names = new TreeSet<>();
    Matcher m = API_CREDENTIAL.matcher(api.substring(start, end < 0 ? api.length() : end));
    while (m.find()) {
      names.add(m.group(1));
    }
    assertFalse(names.isEmpty(), "no PULSE_* credential in docs/API.md");
    return names;
  }

  private static PulseChart chart() {
    return PulseChart.ofRepository();
  }

  private static Map<String, String> credentials(String rendered) {
    GenericKubernetesResource secret =
        ofKind(rendered, "Secret").stream()
            .filter(s -> s.getMetadata().getName().equals("pulse-credentials"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no generated credentials Secret"));
    assertEquals("keep", secret.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
    Map<String, String> data = secret.get("data");
    Map<String, String> decoded = new TreeMap<>();
    data.forEach((k, v) -> decoded.put(k, decode(v)));
    return decoded;
  }

  static List<GenericKubernetesResource> ofKind(String rendered, String kind) {
    return PulseChart.objects(rendered).stream().filter(o -> o.getKind().equals(kind)).toList();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static void collectScalars(JsonNode node, Set<String> into) {
    if (node == null) {
      return;
    }
    if (node.isValueNode()) {
      into.add(node.asText());
    }
    node.elements().forEachRemaining(child -> collectScalars(child, into));
  }
}
