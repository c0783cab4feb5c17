package io.pulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A registry's first fraud model where there is none: simulate a labelled history (the handbook's
 * rules, a tenth of its population) with the simulator's CSV command, then train on it as
 * FraudModelTrainer does on Kubernetes every night, into the registry (whose first version goes
 * live). Used by {@code ./pulse local}'s first run and by the benchmarks that need a model.
 */
public final class FirstFraudModel {
  private FirstFraudModel() {}

  /**
   * Trains into {@code registry}; blocks until done. {@code running} is told of each child while it
   * runs (so a Ctrl-C handler can stop it) and of {@code null} after.
   *
   * @return the trainer's log
   */
  public static Path train(
      RepoLayout layout,
      ServiceLauncher launcher,
      Path registry,
      Path logs,
      Consumer<ChildProcess> running) {
    Path history = registry.resolveSibling("fraud-history.csv");
    try {
      Files.createDirectories(registry.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + registry.getParent(), e);
    }
    ChildProcess simulation =
        ChildProcess.startJava(
            "fraud-history",
            layout.localClasspath(),
            List.of("-Xmx512m"),
            "io.pulse.simulator.fraud.WriteTransactionsCsv",
            List.of(
                "--customers", "1000",
                "--terminals", "2000",
                "--days", "60",
                "--output", history.toString()),
            Map.of(),
            logs.resolve("fraud-history.log"));
    awaitSuccess(simulation, "simulating the fraud history", running);
    ChildProcess trainer =
        launcher.startSparkJob(
            Components.FRAUD_MODEL_TRAINER.name(),
            Components.FRAUD_MODEL_TRAINER.mainClass(),
            List.of(
                "--input-csv", history.toString(),
                "--model-registry", registry.toString(),
                "--train-start", "2018-05-01",
                "--train-days", "14",
                // The forest alone: what the trainer selects on the book's data set, and a start
                // in seconds; lr, selectable by validation AP on a history this small, cannot
                // express scenario 1's step at 220 EUR (ObviousFraudIT).
                "--models", "rf",
                "--rf-trees", "50",
                "--spark-master", "local[*]"),
            "2g");
    awaitSuccess(trainer, "training the fraud model", running);
    return trainer.log();
  }

  private static void awaitSuccess(
      ChildProcess child, String what, Consumer<ChildProcess> running) {
    running.accept(child);
    while (child.isAlive()) {
      HttpProbe.sleep(Duration.ofSeconds(1));
    }
    running.accept(null);
    if (child.exitValue() != 0) {
      throw new IllegalStateException(
          what + " failed; last lines of " + child.log() + ":\n" + child.tail(25));
    }
  }
}
