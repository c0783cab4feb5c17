package io.pulse.jobs.fraud;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;

/**
 * A {@link RandomForestClassificationModel} flattened into primitive arrays, giving the same class
 * probabilities as Spark ML to the last bit: Spark 4.2's {@code predictRaw} adds, tree by tree in
 * the model's order, each leaf's class counts divided by their sum (a leaf whose counts sum to 0
 * adds nothing), and {@code raw2probability} divides those votes by their sum. Each leaf's shares
 * (count / sum) are divided once here instead of per row: the same division of the same doubles.
 *
 * <p>Nodes of all trees share one set of arrays; a child below 0 is the leaf {@code ~child}. A node
 * goes left when {@code x[feature] <= threshold}, false for NaN as in Spark's {@code
 * ContinuousSplit}. Forests with categorical splits are not compiled.
 */
final class CompiledForest implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numFeatures;
  private final int numClasses;
  private final int[] roots;
  private final int[] feature;
  private final double[] threshold;
  private final int[] left;
  private final int[] right;

  /** Leaf l's share of class c at {@code l * numClasses + c}. */
  private final double[] shares;

  private CompiledForest(
      int numFeatures,
      int numClasses,
      int[] roots,
      int[] feature,
      double[] threshold,
      int[] left,
      int[] right,
      double[] shares) {
    this.numFeatures = numFeatures;
    this.numClasses = numClasses;
    this.roots = roots;
    this.feature = feature;
    this.threshold = threshold;
    this.left = left;
    this.right = right;
    this.shares = shares;
  }

  /** The forest as arrays; empty when it has a split this class does not replicate. */
  static Optional<CompiledForest> compile(RandomForestClassificationModel forest) {
    Builder b = new Builder(forest.numClasses(), forest.numFeatures());
    DecisionTreeClassificationModel[] trees = forest.trees();
    int[] roots = new int[trees.length];
    for (int t = 0; t < trees.length; t++) {
      Integer root = b.add(trees[t].rootNode());
      if (root == null) {
        return Optional.empty();
      }
      roots[t] = root;
    }
    return Optional.of(b.build(roots));
  }

  int numFeatures() {
    return numFeatures;
  }

  int numClasses() {
    return numClasses;
  }

  /** The probability of each class for the (scaled) features {@code x}. */
  double[] probabilities(double[] x) {
    double[] votes = new double[numClasses];
    for (int root : roots) {
      int node = root;
      while (node >= 0) {
        node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
      }
      int base = ~node * numClasses;
      for (int c = 0; c < numClasses; c++) {
        votes[c] += shares[base + c];
      }
    }
    // ProbabilisticClassificationModel.normalizeToProbabilitiesInPlace: its checks, then the sum
    // from the first class to the last.
    double sum = 0;
    for (int c = 0; c < numClasses; c++) {
      if (!(votes[c] >= 0)) {
        throw new IllegalArgumentException(
            "requirement failed: Cannot normalize vector containing negative values: "
                + Arrays.toString(votes));
      }
      sum = c == 0 ? votes[0] : sum + votes[c];
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("requirement failed: Can't normalize the 0-vector.");
    }
    for (int c = 0; c < numClasses; c++) {
      votes[c] /= sum;
    }
    return votes;
  }

  /** Appends nodes depth first. */
  private static final class Builder {
    private final int numClasses;
    private final int numFeatures;
    private int[] feature = new int[1024];
    private double[] threshold = new double[1024];
    private int[] left = new int[1024];
    private int[] right = new int[1024];
    private int nodes;
    private double[] shares = new double[1024];
    private int leaves;

    Builder(int numClasses, int numFeatures) {
      this.numClasses = numClasses;
      this.numFeatures = numFeatures;
    }

    /** The node's index (~leaf for a leaf), or null when it cannot be compiled. */
    Integer add(Node node) {
      if (node instanceof LeafNode leaf) {
        double[] counts = leaf.impurityStats().stats();
        return counts.length < numClasses ? null : ~addLeaf(counts);
      }
      if (!(node instanceof InternalNode internal)
          || !(internal.split() instanceof ContinuousSplit split)
          || split.featureIndex() < 0
          || split.featureIndex() >= numFeatures) {
        return null;
      }
      int index = nodes++;
      if (index == feature.length) {
        int n = 2 * index;
        feature = Arrays.copyOf(feature, n);
        threshold = Arrays.copyOf(threshold, n);
        left = Arrays.copyOf(left, n);
        right = Arrays.copyOf(right, n);
      }
      feature[index] = split.featureIndex();
      threshold[index] = split.threshold();
      Integer l = add(internal.leftChild());
      Integer r = add(internal.rightChild());
      if (l == null || r == null) {
        return null;
      }
      left[index] = l;
      right[index] = r;
      return index;
    }

    private int addLeaf(double[] counts) {
      // predictRaw: total = counts.sum (Scala's reduce, first to last, over every entry), and
      // votes(i) += counts(i) / total for i < numClasses, only when total != 0.
      double total = 0;
      for (int i = 0; i < counts.length; i++) {
        total = i == 0 ? counts[0] : total + counts[i];
      }
      int index = leaves++;
      if ((index + 1) * numClasses > shares.length) {
        shares = Arrays.copyOf(shares, Math.max(2 * shares.length, (index + 1) * numClasses));
      }
      for (int c = 0; c < numClasses; c++) {
        // Adding +0.0 to a vote (a sum of non-negative shares, never -0.0) leaves it unchanged,
        // as skipping the leaf does.
        shares[index * numClasses + c] = total != 0 ? counts[c] / total : 0.0;
      }
      return index;
    }

    CompiledForest build(int[] roots) {
      return new CompiledForest(
          numFeatures,
          numClasses,
          roots,
          Arrays.copyOf(feature, nodes),
          Arrays.copyOf(threshold, nodes),
          Arrays.copyOf(left, nodes),
          Arrays.copyOf(right, nodes),
          Arrays.copyOf(shares, leaves * numClasses));
    }
  }
}
