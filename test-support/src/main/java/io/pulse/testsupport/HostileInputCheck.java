package io.pulse.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link HostileCorpus} against one endpoint of a forked service: every attack a 4xx with
 * the JSON error shape, the process alive after each, and the valid body accepted before and after.
 */
public final class HostileInputCheck {
  private HostileInputCheck() {}

  /** What one attack got, for the report. */
  public record Outcome(HostileCorpus.Attack attack, int status, String error) {}

  public static List<Outcome> assertAllRefused(
      ForkedService service, JsonHttp client, String path, HostileCorpus corpus) {
    assertAccepted(service, client, path, corpus, "before the attacks");
    List<Outcome> outcomes = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (HostileCorpus.Attack attack : corpus.attacks()) {
      HttpResponse<String> response;
      try {
        response = client.post(path, attack.body(), attack.contentType());
      } catch (RuntimeException e) {
        if (service.exitedWithin(java.time.Duration.ofSeconds(10))) {
          throw new AssertionError("the service died on " + attack + ":\n" + service.log(), e);
        }
        failures.add(attack + " -> no answer (" + e + ")");
        continue;
      }
      int status = response.statusCode();
      String error = errorOf(response.body());
      outcomes.add(new Outcome(attack, status, error));
      if (status < 400 || status >= 500 || error == null) {
        failures.add(attack + " -> " + status + " " + abbreviate(response.body()));
      }
      if (!service.isAlive()) {
        throw new AssertionError("the service died after " + attack + ":\n" + service.log());
      }
    }
    assertTrue(failures.isEmpty(), "not refused with a JSON 4xx:\n" + String.join("\n", failures));
    assertEquals(200, client.get("/health/liveness").statusCode(), "alive after the attacks");
    assertAccepted(service, client, path, corpus, "after the attacks");
    return outcomes;
  }

  /**
   * Forks {@code mainClass} with the chart's heap for {@code chartService}, the test credentials
   * and {@code kafkaBootstrap}, runs the corpus against {@code path} with the ingest token, and
   * writes what each attack got to {@code target/hostile-input-<service>.txt}.
   */
  public static List<Outcome> run(
      String mainClass,
      String chartService,
      String kafkaBootstrap,
      String path,
      HostileCorpus corpus)
      throws java.io.IOException {
    java.nio.file.Path work = java.nio.file.Path.of("target", "hostile-input");
    java.nio.file.Files.createDirectories(work);
    java.util.Map<String, String> env = new java.util.HashMap<>(TestCredentials.environment());
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
    try (ForkedService service = ForkedService.start(mainClass, chartService, env, work)) {
      JsonHttp client = new JsonHttp(service.uri()).withBearer(TestCredentials.INGEST_TOKEN);
      List<Outcome> outcomes = assertAllRefused(service, client, path, corpus);
      StringBuilder report =
          new StringBuilder(
              "# "
                  + chartService
                  + " "
                  + path
                  + " under "
                  + ForkedService.chartJvmOptions(chartService)
                  + "\n");
      for (Outcome o : outcomes) {
        report
            .append(o.attack())
            .append(" -> ")
            .append(o.status())
            .append(' ')
            .append(o.error())
            .append('\n');
      }
      // Error messages may quote what was sent, lone surrogates included: written with replacement.
      java.nio.file.Files.write(
          work.resolve(chartService + ".txt"),
          report.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return outcomes;
    }
  }

  private static void assertAccepted(
      ForkedService service, JsonHttp client, String path, HostileCorpus corpus, String when) {
    HttpResponse<String> ok = client.post(path, corpus.valid());
    assertEquals(202, ok.statusCode(), when + ": " + ok.body() + "\n" + service.log());
  }

  private static String errorOf(String body) {
    try {
      Object error = JsonHttp.parseObject(body).get("error");
      return error instanceof String s ? s : null;
    } catch (AssertionError notJson) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
