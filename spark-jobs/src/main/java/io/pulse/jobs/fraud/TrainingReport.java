package io.pulse.jobs.fraud;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What a training run found: each model's figures on the validation and test periods, the best
 * model and its alert threshold, and the periods' sizes; {@link #table()} is what the trainer logs.
 *
 * @param threshold the score from which FraudScoring alerts: the best F1 on the validation period
 * @param folds how many validation and test periods each figure is the mean of (the book's
 *     prequential estimate when more than one); rows and times are the first test fold's
 * @param saved where the chosen model went; null until it is saved
 */
public record TrainingReport(
    List<ModelResult> results,
    String best,
    double threshold,
    EvaluationProtocol protocol,
    long trainRows,
    long testRows,
    Instant trainMaxTime,
    Instant testMinTime,
    double featureSeconds,
    int folds,
    Saved saved) {

  /**
   * Where a model was saved.
   *
   * @param version its id in the model registry; null when saved to a plain --model-path
   * @param live whether the registry made it live (its first version) rather than the shadow
   */
  public record Saved(String dir, String version, boolean live) {
    public String describe() {
      return version == null
          ? "saved to " + dir
          : "registered version "
              + version
              + " ("
              + (live ? "live" : "shadow candidate: promote it to score with it")
              + ") in "
              + dir;
    }
  }

  TrainingReport withSaved(Saved where) {
    return new TrainingReport(
        results,
        best,
        threshold,
        protocol,
        trainRows,
        testRows,
        trainMaxTime,
        testMinTime,
        featureSeconds,
        folds,
        where);
  }

  /** One model's figures on the two periods. */
  public record ModelResult(
      String model,
      FraudMetrics.Summary validation,
      FraudMetrics.Summary test,
      double trainSeconds) {}

  /** The comparison as a table, for the log. */
  public String table() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "train %s + %d d, delay %d d, test from %s + %d d; %d train rows, %d test rows%n",
            protocol.trainStart(),
            protocol.trainDays(),
            protocol.delayDays(),
            protocol.testStart(),
            protocol.testDays(),
            trainRows,
            testRows));
    if (folds > 1) {
      s.append(
          String.format(
              Locale.ROOT,
              "figures: means over %d validation and %d test folds (the book's chapter 5),"
                  + " test folds from %s to %s%n",
              folds,
              folds,
              protocol.testStart(),
              protocol.testFolds(folds).get(folds - 1).testStart()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%-5s %9s %9s %9s | %9s %9s %9s | %8s%n",
            "model",
            "val AUC",
            "val AP",
            "val CP@k",
            "test AUC",
            "test AP",
            "test CP@k",
            "train s"));
    for (ModelResult r : results) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-5s %9.3f %9.3f %9.3f | %9.3f %9.3f %9.3f | %8.1f%n",
              r.model(),
              r.validation().aucRoc(),
              r.validation().averagePrecision(),
              r.validation().cardPrecisionAtK(),
              r.test().aucRoc(),
              r.test().averagePrecision(),
              r.test().cardPrecisionAtK(),
              r.trainSeconds()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "selected: %s (best validation AP), alert threshold %.4f (best validation F1)",
            best,
            threshold));
    return s.toString();
  }
}
