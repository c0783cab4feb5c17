package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fraud model exists on day one and is written where the scorer reads it, by a trainer whose
 * data every pod can read: FraudModelTrainer reads {@code --input-csv} through Spark, i.e. from the
 * executors, so the file must be on storage they mount at the same path (or an object store). When
 * the chart supplies the default history, the driver's init container writes it there first.
 */
class TrainerStateTest {
  private static final String TRAINER = "io.pulse.jobs.fraud.FraudModelTrainer";
  private static final String SCORER = "io.pulse.jobs.fraud.FraudScoring";

  private final PulseChart chart = PulseChart.ofRepository();

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void theTrainerNeverReadsADriverLocalFileOnExecutors(ValueSets set) {
    List<SparkApps.App> trainers = apps(set, TRAINER);
    assertEquals(2, trainers.size(), "the scheduled trainer and the one at install");
    for (SparkApps.App trainer : trainers) {
      String csv = trainer.argument("input-csv");
      assertNotNull(csv, trainer.name() + " trains on a history");
      assertTrue(
          csv.matches("^[a-z0-9]+://.*") || onExecutorMount(trainer, csv),
          trainer.name() + " reads " + csv + ", which executors cannot");
      if (csv.endsWith("/data/fraud/transactions.csv")) {
        String init = String.valueOf(trainer.driver().get("template"));
        assertTrue(
            init.contains("simulated-history") && init.contains("--output " + csv),
            trainer.name() + ": nothing writes " + csv + " before the trainer reads it: " + init);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void theTrainerWritesTheModelWhereTheScorerReadsIt(ValueSets set) {
    List<SparkApps.App> scorers = apps(set, SCORER);
    assertEquals(1, scorers.size());
    String registry = scorers.get(0).argument("model-registry");
    assertNotNull(registry);
    for (SparkApps.App trainer : apps(set, TRAINER)) {
      assertEquals(registry, trainer.argument("model-registry"), trainer.name());
    }
  }

  /** The scorer archives on the state storage beside the registry, where executors can read it. */
  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void theScorerArchivesWhereTheTrainerCanReadIt(ValueSets set) {
    SparkApps.App scorer = apps(set, SCORER).get(0);
    String archive = scorer.argument("archive-path");
    assertEquals(
        scorer.argument("model-registry").replaceAll("/models/fraud$", "/archive/fraud"), archive);
    assertTrue(archive.matches("^[a-z0-9]+://.*") || onExecutorMount(scorer, archive), archive);
  }

  /** Given the archive, the trainer reads it instead of the default CSV; given both, no install. */
  @Test
  void theTrainerSwitchesToTheArchive() {
    String archive = apps(ValueSets.DEFAULTS, SCORER).get(0).argument("archive-path");
    PulseChart.Values values =
        ValueSets.DEFAULTS
            .values(chart)
            .set("spark.trainer.args.input-archive", archive)
            .set("spark.trainer.args.train-start", "latest");
    List<SparkApps.App> trainers = apps(values, TRAINER);
    assertEquals(2, trainers.size());
    for (SparkApps.App trainer : trainers) {
      assertEquals(archive, trainer.argument("input-archive"), trainer.name());
      assertNull(trainer.argument("input-csv"), "exactly one input: " + trainer.name());
      assertEquals("latest", trainer.argument("train-start"), trainer.name());
    }
    IllegalStateException both =
        assertThrows(
            IllegalStateException.class,
            () -> chart.render(values.set("spark.trainer.args.input-csv", "/h.csv")));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
  }

  @Test
  void aModelIsTrainedAtInstallNotOnlyOnTheSchedule() {
    List<SparkApps.App> oneOff =
        apps(ValueSets.DEFAULTS, TRAINER).stream().filter(a -> !a.scheduled()).toList();
    assertEquals(1, oneOff.size());
    Map<String, Object> restart = OperatorSubmission.map(oneOff.get(0).spec().get("restartPolicy"));
    assertEquals("OnFailure", restart.get("type"), "a one-off run, not a service");
  }

  private List<SparkApps.App> apps(ValueSets set, String mainClass) {
    return apps(set.values(chart), mainClass);
  }

  private List<SparkApps.App> apps(PulseChart.Values values, String mainClass) {
    List<SparkApps.App> found = new ArrayList<>();
    for (SparkApps.App app : SparkApps.of(chart.render(values))) {
      if (mainClass.equals(app.spec().get("mainClass"))) {
        found.add(app);
      }
    }
    return found;
  }

  /** Whether a path is on a claim that Spark mounts in the executors (their volume conf). */
  private static boolean onExecutorMount(SparkApps.App app, String path) {
    Map<String, String> conf = OperatorSubmission.strings(app.spec().get("sparkConf"));
    return conf.entrySet().stream()
        .filter(
            e ->
                e.getKey().startsWith("spark.kubernetes.executor.volumes.persistentVolumeClaim.")
                    && e.getKey().endsWith(".mount.path"))
        .anyMatch(e -> path.startsWith(e.getValue().replaceAll("/$", "") + "/"));
  }
}
