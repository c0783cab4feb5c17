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

  /** {@code --train-start latest}: the latest start whose test period ends on a full day. */
  public static final String LATEST = "latest";

  /**
   * @param trainStart null for {@link #LATEST}, until {@link #resolve} finds it in the data
   */
  public EvaluationProtocol {
    if (trainDays < 1 || testDays < 1 || delayDays < 0) {
      throw new IllegalArgumentException(
          "train and test periods need at least one day, the delay cannot be negative");
    }
  }

  public Instant trainFrom() {
    return at(start());
  }

  public Instant trainUntil() {
    return at(start().plusDays(trainDays));
  }

  public Instant testFrom() {
    return at(start().plusDays(trainDays + delayDays));
  }

  public Instant testUntil() {
    return at(start().plusDays(trainDays + delayDays + testDays));
  }

  public LocalDate testStart() {
    return start().plusDays(trainDays + delayDays);
  }

  /** The validation protocol: the same lengths, ending where the delay before test begins. */
  public EvaluationProtocol validation() {
    return new EvaluationProtocol(
        start().minusDays(delayDays + testDays), trainDays, delayDays, testDays);
  }

  /** {@code --train-start}: a date (yyyy-MM-dd) or {@link #LATEST}. */
  public static EvaluationProtocol parse(
      String trainStart, int trainDays, int delayDays, int testDays) {
    return new EvaluationProtocol(
        LATEST.equals(trainStart) ? null : LocalDate.parse(trainStart),
        trainDays,
        delayDays,
        testDays);
  }

  /**
   * This protocol, and for {@link #LATEST} the one whose test period ends on the data's last full
   * day: the day before the last transaction's, which may still be going on (an archive written
   * while transactions arrive), so a day counts as full once a later one has begun.
   */
  public EvaluationProtocol resolve(Instant lastTransaction) {
    if (trainStart != null) {
      return this;
    }
    LocalDate lastFullDay = lastTransaction.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    return new EvaluationProtocol(
        lastFullDay.minusDays(trainDays + delayDays + testDays - 1L),
        trainDays,
        delayDays,
        testDays);
  }

  private LocalDate start() {
    if (trainStart == null) {
      throw new IllegalStateException("--train-start latest is resolved from the data first");
    }
    return trainStart;
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

  /**
   * How many of {@code folds} the data between {@code first} and {@code last} holds, at least 1:
   * every test fold's period must end by the data's last full day (as {@link #resolve} counts it)
   * and every validation fold's training must start on or after the data's first day. A history as
   * long as the book's holds chapter 5.3's 4; a short one (a first model, {@code --train-start
   * latest}) holds 1, the single period it names.
   */
  public int foldsWithin(int folds, Instant first, Instant last) {
    Instant firstDay =
        first.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant afterLastFullDay =
        last.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
    List<EvaluationProtocol> tests = testFolds(folds);
    List<EvaluationProtocol> validations = validationFolds(folds);
    int n = 1;
    while (n < folds
        && !tests.get(n).testUntil().isAfter(afterLastFullDay)
        && !validations.get(n).trainFrom().isBefore(firstDay)) {
      n++;
    }
    return n;
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
