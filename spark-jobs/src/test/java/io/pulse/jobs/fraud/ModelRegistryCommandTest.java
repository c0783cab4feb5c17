package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./pulse models} on a temporary registry of three saved versions. */
class ModelRegistryCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... argv) {
    out.reset();
    err.reset();
    return ModelRegistryCommand.run(
        argv,
        Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String save(ModelRegistry registry, String id, String model, double ap)
      throws IOException {
    Path version = Path.of(registry.pathOf(id));
    Files.createDirectories(version);
    Files.writeString(
        version.resolve(FraudModelTrainer.METADATA_FILE),
        "{\"model\":\""
            + model
            + "\",\"threshold\":0.25,\"metrics\":[{\"model\":\"lr\",\"test\":{\"aucRoc\":0.5,"
            + "\"averagePrecision\":0.1,\"cardPrecisionAtK\":0.1}},{\"model\":\""
            + model
            + "\",\"test\":{\"aucRoc\":0.87,\"averagePrecision\":"
            + ap
            + ",\"cardPrecisionAtK\":0.3}}]}");
    return id;
  }

  @Test
  void promotesShadowsClearsRollsBackAndLists() throws IOException {
    String root = dir.resolve("registry").toString();
    ModelRegistry registry = ModelRegistry.open(root);
    String v1 = save(registry, "20261126T010000Z", "rf", 0.61);
    String v2 = save(registry, "20261126T020000Z", "gbt", 0.69);
    String v3 = save(registry, "20261126T030000Z", "ens", 0.70);
    registry.add(v1);
    registry.add(v2);

    assertEquals(0, run("--model-registry", root, "list"), err.toString());
    String listing = out.toString(StandardCharsets.UTF_8);
    assertEquals(List.of(v1, "live", "rf", "0.250", "0.870", "0.610", "0.300"), row(listing, v1));
    assertEquals("shadow", row(listing, v2).get(1));
    assertEquals("0.690", row(listing, v2).get(5), "the selected model's test AP, not lr's");
    assertEquals(List.of(v3, "candidate", "ens"), row(listing, v3).subList(0, 3));

    assertEquals(0, run("--model-registry", root, "promote", v2), err.toString());
    assertEquals(
        new ModelRegistry.State(Optional.of(v2), Optional.empty(), List.of(v1)), registry.state());
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("live: " + v2));

    assertEquals(0, run("--model-registry=" + root, "shadow", v3));
    assertEquals(Optional.of(v3), registry.state().shadow());
    assertEquals(0, run("--model-registry", root, "shadow", "--clear"));
    assertEquals(Optional.empty(), registry.state().shadow());

    assertEquals(0, run("--model-registry", root, "rollback"));
    assertEquals(Optional.of(v1), registry.state().live());
    assertEquals(List.of(), registry.state().previous());

    assertEquals(1, run("--model-registry", root, "rollback"), "nothing to roll back to");
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no earlier live version"));
    assertEquals(1, run("--model-registry", root, "promote", "nope"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no saved model version 'nope'"));
    assertEquals(Optional.of(v1), registry.state().live(), "a refused command changes nothing");
  }

  @Test
  void badUsageExitsWithTwoAndSaysHow() {
    String root = dir.resolve("registry").toString();
    for (String[] argv :
        List.of(
            new String[] {"--model-registry", root},
            new String[] {"--model-registry", root, "promote"},
            new String[] {"--model-registry", root, "delete", "x"},
            new String[] {"--model-registry", root, "rollback", "now"})) {
      assertEquals(2, run(argv), String.join(" ", argv));
      assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: ./pulse models"));
    }
  }

  @Test
  void theRegistryComesFromTheEnvironmentLikeTheJobs() throws IOException {
    String root = dir.resolve("from-env").toString();
    ModelRegistry registry = ModelRegistry.open(root);
    registry.add(save(registry, "20261126T010000Z", "rf", 0.6));
    out.reset();
    int code =
        ModelRegistryCommand.run(
            new String[] {"list"},
            Map.of("MODEL_REGISTRY", root),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    assertEquals("live", row(out.toString(StandardCharsets.UTF_8), "20261126T010000Z").get(1));
  }

  /** The listing's row of {@code version}, split into its columns. */
  private static List<String> row(String listing, String version) {
    return listing
        .lines()
        .filter(l -> l.startsWith(version + " "))
        .findFirst()
        .map(l -> List.of(l.trim().split("\\s+")))
        .orElseThrow(() -> new AssertionError("no row of " + version + " in\n" + listing));
  }
}
