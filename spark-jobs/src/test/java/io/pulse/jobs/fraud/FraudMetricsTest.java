package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.jobs.fraud.FraudMetrics.Prediction;
import java.util.List;
import org.junit.jupiter.api.Test;

class FraudMetricsTest {
  private static Prediction p(int day, String card, boolean fraud, double score) {
    return new Prediction(day, card, fraud, score);
  }

  @Test
  void aucMatchesScikitLearn() {
    // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
    assertEquals(
        0.75,
        FraudMetrics.aucRoc(
            List.of(
                p(0, "a", false, 0.1),
                p(0, "b", false, 0.4),
                p(0, "c", true, 0.35),
                p(0, "d", true, 0.8))),
        1e-12);
    // Ties count one half: roc_auc_score([0, 1], [0.5, 0.5]) = 0.5
    assertEquals(0.5, FraudMetrics.aucRoc(List.of(p(0, "a", false, 0.5), p(0, "b", true, 0.5))));
  }

  @Test
  void averagePrecisionMatchesScikitLearn() {
    // average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333...
    assertEquals(
        0.8333333333333333,
        FraudMetrics.averagePrecision(
            List.of(
                p(0, "a", false, 0.1),
                p(0, "b", false, 0.4),
                p(0, "c", true, 0.35),
                p(0, "d", true, 0.8))),
        1e-12);
  }

  @Test
  void cardPrecisionUsesTheBestTransactionPerCardAndForgetsDetectedCards() {
    List<Prediction> predictions =
        List.of(
            // Day 0: card x has a fraud and the top score; y is genuine.
            p(0, "x", true, 0.9),
            p(0, "x", false, 0.2),
            p(0, "y", false, 0.8),
            // Day 1: x again (already detected: left out), z fraud ranked second.
            p(1, "x", true, 0.99),
            p(1, "w", false, 0.7),
            p(1, "z", true, 0.6));
    // k = 2: day 0 finds x (1/2); day 1 ranks w, z: finds z (1/2).
    assertEquals(0.5, FraudMetrics.cardPrecisionAtK(predictions, 2), 1e-12);
    // k = 1: day 0 x (1); day 1 w (0).
    assertEquals(0.5, FraudMetrics.cardPrecisionAtK(predictions, 1), 1e-12);
  }

  @Test
  void bestF1ThresholdSeparatesWhenItCan() {
    List<Prediction> predictions =
        List.of(
            p(0, "a", false, 0.1),
            p(0, "b", false, 0.3),
            p(0, "c", true, 0.6),
            p(0, "d", true, 0.9));
    assertEquals(0.6, FraudMetrics.bestF1Threshold(predictions));
  }

  @Test
  void foldsAreAveragedFigureByFigure() {
    FraudMetrics.Summary mean =
        FraudMetrics.mean(
            List.of(
                new FraudMetrics.Summary(0.8, 0.6, 0.3, 100),
                new FraudMetrics.Summary(0.9, 0.7, 0.2, 100)));
    assertEquals(0.85, mean.aucRoc(), 1e-12);
    assertEquals(0.65, mean.averagePrecision(), 1e-12);
    assertEquals(0.25, mean.cardPrecisionAtK(), 1e-12);
    assertEquals(100, mean.k());
  }
}
