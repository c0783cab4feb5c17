package io.pulse.jobs.fraud;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The handbook's performance metrics, computed exactly as its code does (scikit-learn's {@code
 * roc_auc_score} and {@code average_precision_score}, and the book's {@code card_precision_top_k}),
 * on predictions collected to the driver: a test week is tens of thousands of rows. Spark's own
 * area under PR interpolates linearly and would not be comparable with the book's table.
 */
public final class FraudMetrics {
  private FraudMetrics() {}

  /** One scored test transaction. */
  public record Prediction(int day, String customerId, boolean fraud, double score) {}

  public record Summary(double aucRoc, double averagePrecision, double cardPrecisionAtK, int k) {}

  /** Each figure's mean over folds (the book's prequential estimate); k is the folds' k. */
  public static Summary mean(List<Summary> folds) {
    if (folds.isEmpty()) {
      throw new IllegalArgumentException("no folds");
    }
    return new Summary(
        folds.stream().mapToDouble(Summary::aucRoc).average().orElseThrow(),
        folds.stream().mapToDouble(Summary::averagePrecision).average().orElseThrow(),
        folds.stream().mapToDouble(Summary::cardPrecisionAtK).average().orElseThrow(),
        folds.get(0).k());
  }

  public static Summary summarise(List<Prediction> predictions, int k) {
    return new Summary(
        aucRoc(predictions), averagePrecision(predictions), cardPrecisionAtK(predictions, k), k);
  }

  /** Area under the ROC curve; tied scores count one half (Mann-Whitney). NaN without both. */
  public static double aucRoc(List<Prediction> predictions) {
    Prediction[] sorted = predictions.toArray(Prediction[]::new);
    Arrays.sort(sorted, Comparator.comparingDouble(Prediction::score));
    long positives = predictions.stream().filter(Prediction::fraud).count();
    long negatives = predictions.size() - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    // Sum of the positives' ranks, ties sharing the mean rank.
    double rankSum = 0;
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j < sorted.length && sorted[j].score() == sorted[i].score()) {
        j++;
      }
      double meanRank = (i + 1 + j) / 2.0;
      for (int m = i; m < j; m++) {
        if (sorted[m].fraud()) {
          rankSum += meanRank;
        }
      }
      i = j;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * scikit-learn's average precision: sum over score thresholds (descending, ties together) of
   * (recall gain) x (precision at that threshold). No interpolation.
   */
  public static double averagePrecision(List<Prediction> predictions) {
    Prediction[] sorted = predictions.toArray(Prediction[]::new);
    Arrays.sort(sorted, Comparator.comparingDouble(Prediction::score).reversed());
    long positives = predictions.stream().filter(Prediction::fraud).count();
    if (positives == 0) {
      return Double.NaN;
    }
    double ap = 0;
    long tp = 0;
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      long newTp = 0;
      while (j < sorted.length && sorted[j].score() == sorted[i].score()) {
        if (sorted[j].fraud()) {
          newTp++;
        }
        j++;
      }
      tp += newTp;
      ap += (newTp / (double) positives) * (tp / (double) j);
      i = j;
    }
    return ap;
  }

  /**
   * The book's card precision top-k: each day, a card's score is its highest transaction score and
   * it is compromised if any of its transactions that day is fraud; precision of the k best cards;
   * cards found compromised on earlier days are left out of later days (the investigators already
   * blocked them). Mean over the days.
   */
  public static double cardPrecisionAtK(List<Prediction> predictions, int k) {
    Map<Integer, List<Prediction>> byDay = new TreeMap<>();
    for (Prediction p : predictions) {
      byDay.computeIfAbsent(p.day(), d -> new ArrayList<>()).add(p);
    }
    if (byDay.isEmpty()) {
      return Double.NaN;
    }
    Set<String> detected = new HashSet<>();
    double sum = 0;
    for (List<Prediction> day : byDay.values()) {
      Map<String, double[]> cards = new HashMap<>(); // customer -> {max score, any fraud}
      for (Prediction p : day) {
        if (detected.contains(p.customerId())) {
          continue;
        }
        double[] c =
            cards.computeIfAbsent(p.customerId(), id -> new double[] {Double.NEGATIVE_INFINITY, 0});
        c[0] = Math.max(c[0], p.score());
        if (p.fraud()) {
          c[1] = 1;
        }
      }
      List<Map.Entry<String, double[]>> ranked = new ArrayList<>(cards.entrySet());
      // Ties broken by card id so that the figure does not depend on hash order.
      ranked.sort(
          Comparator.<Map.Entry<String, double[]>>comparingDouble(e -> -e.getValue()[0])
              .thenComparing(Map.Entry::getKey));
      int found = 0;
      for (int i = 0; i < Math.min(k, ranked.size()); i++) {
        if (ranked.get(i).getValue()[1] == 1) {
          found++;
          detected.add(ranked.get(i).getKey());
        }
      }
      sum += found / (double) k;
    }
    return sum / byDay.size();
  }

  /** The score threshold of the best F1 on {@code predictions}; 0.5 when there is no fraud. */
  static double bestF1Threshold(List<FraudMetrics.Prediction> predictions) {
    List<FraudMetrics.Prediction> sorted = new ArrayList<>(predictions);
    sorted.sort(java.util.Comparator.comparingDouble(FraudMetrics.Prediction::score).reversed());
    long positives = sorted.stream().filter(FraudMetrics.Prediction::fraud).count();
    if (positives == 0) {
      return 0.5;
    }
    double bestF1 = -1;
    double best = 0.5;
    long tp = 0;
    int i = 0;
    while (i < sorted.size()) {
      double s = sorted.get(i).score();
      while (i < sorted.size() && sorted.get(i).score() == s) {
        if (sorted.get(i).fraud()) {
          tp++;
        }
        i++;
      }
      double f1 = 2.0 * tp / (i + positives);
      if (f1 > bestF1) {
        bestF1 = f1;
        best = s;
      }
    }
    return best;
  }
}
