package io.pulse.jobs.fraud;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The handbook's evaluation periods (chapter 3, "Baseline fraud detection system"): a training
 * period, then a delay during which labels are not yet known, then a test period. All periods are
 * whole UTC days, half-open.
 *
 * <p>Model selection uses the same protocol moved back by delay + test days (the book's chapter 5
 * validation): it trains and validates strictly before the test period's labels exist, so the test
 * figures stay out-of-sample.
 */
public record EvaluationProtocol(LocalDate trainStart, int trainDays, int delayDays, int testDays) {

  public EvaluationProtocol {
    if (trainDays < 1 || testDays < 1 || delayDays < 0) {
      throw new IllegalArgumentException(
          "train and test periods need at least one day, the delay cannot be negative");
    }
  }

  public Instant trainFrom() {
    return at(trainStart);
  }

  public Instant trainUntil() {
    return at(trainStart.plusDays(trainDays));
  }

  public Instant testFrom() {
    return at(trainStart.plusDays(trainDays + delayDays));
  }

  public Instant testUntil() {
    return at(trainStart.plusDays(trainDays + delayDays + testDays));
  }

  public LocalDate testStart() {
    return trainStart.plusDays(trainDays + delayDays);
  }

  /** The validation protocol: the same lengths, ending where the delay before test begins. */
  public EvaluationProtocol validation() {
    return new EvaluationProtocol(
        trainStart.minusDays(delayDays + testDays), trainDays, delayDays, testDays);
  }

  /**
   * The book's chapter 5 prequential test estimate: this protocol and the same one moved forward by
   * whole test periods, {@code folds} in all (chapter 5.3's test figures are the mean over 4 such
   * weeks, training from 2018-07-25 up to 2018-08-15, not the first week alone).
   */
  public List<EvaluationProtocol> testFolds(int folds) {
    return shifted(this, folds, testDays);
  }

  /**
   * The validation folds: {@link #validation()} and the same moved back by whole test periods, so
   * that every fold's test period ends before this protocol's delay begins.
   */
  public List<EvaluationProtocol> validationFolds(int folds) {
    return shifted(validation(), folds, -testDays);
  }

  private static List<EvaluationProtocol> shifted(EvaluationProtocol first, int folds, int step) {
    if (folds < 1) {
      throw new IllegalArgumentException("at least one fold");
    }
    List<EvaluationProtocol> out = new ArrayList<>(folds);
    for (int i = 0; i < folds; i++) {
      out.add(
          new EvaluationProtocol(
              first.trainStart.plusDays((long) i * step),
              first.trainDays,
              first.delayDays,
              first.testDays));
    }
    return out;
  }

  private static Instant at(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
