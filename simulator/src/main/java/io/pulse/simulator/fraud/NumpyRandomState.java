package io.pulse.simulator.fraud;

/**
 * The draws of numpy's legacy {@code np.random.RandomState} (what {@code np.random.seed} and
 * pandas' {@code sample(random_state=...)} use) that the handbook's simulator makes, value for
 * value: its uniform, its polar-method normal with the second value kept for the next call, its
 * multiplication-method Poisson (the method below a mean of 10), and the permutation behind
 * sampling without replacement.
 */
final class NumpyRandomState {
  private final Mt19937 mt;
  private boolean hasGauss;
  private double gauss;

  /** {@code np.random.seed(seed)}; numpy refuses seeds outside 0 .. 2^32 - 1, and so does this. */
  NumpyRandomState(long seed) {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new IllegalArgumentException("numpy seeds are 0 .. 2^32 - 1: " + seed);
    }
    this.mt = Mt19937.ofSeed(seed);
  }

  double uniform(double low, double high) {
    return low + (high - low) * mt.nextDouble();
  }

  double normal(double loc, double scale) {
    return loc + scale * gauss();
  }

  private double gauss() {
    if (hasGauss) {
      hasGauss = false;
      return gauss;
    }
    double x1;
    double x2;
    double r2;
    do {
      x1 = 2.0 * mt.nextDouble() - 1.0;
      x2 = 2.0 * mt.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
    gauss = f * x1;
    hasGauss = true;
    return f * x2;
  }

  /** Poisson for a mean under 10 (numpy switches to another method from 10 on). */
  int poisson(double lambda) {
    if (!(lambda >= 0 && lambda < 10)) {
      throw new IllegalArgumentException("only means in [0, 10) are drawn numpy's way: " + lambda);
    }
    if (lambda == 0) {
      return 0;
    }
    double limit = Math.exp(-lambda);
    int x = 0;
    double product = 1.0;
    while (true) {
      product *= mt.nextDouble();
      if (product > limit) {
        x++;
      } else {
        return x;
      }
    }
  }

  /** A uniform integer in [0, max], by masked rejection. */
  long interval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    if (max > 0xffffffffL) {
      throw new IllegalArgumentException("intervals above 2^32 are not needed here");
    }
    long value;
    do {
      value = mt.nextUnsigned32() & mask;
    } while (value > max);
    return value;
  }

  /** {@code choice(n, size=k, replace=False)}: the first k of a shuffled 0 .. n-1. */
  int[] choiceWithoutReplacement(int n, int k) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = (int) interval(i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return java.util.Arrays.copyOf(a, k);
  }
}
