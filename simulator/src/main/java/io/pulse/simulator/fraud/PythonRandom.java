package io.pulse.simulator.fraud;

import java.util.HashSet;
import java.util.Set;

/**
 * The draws of CPython's {@code random} module that the handbook's simulator makes ({@code choice}
 * and {@code sample}), value for value, so that its terminals and scenario-3 picks are the book's.
 */
final class PythonRandom {
  private final Mt19937 mt;

  /** {@code random.seed(n)}. */
  PythonRandom(long seed) {
    this.mt = Mt19937.ofKey(seed);
  }

  /** {@code getrandbits(k)} for 1 <= k <= 32. */
  long getrandbits(int k) {
    return mt.nextUnsigned32() >>> (32 - k);
  }

  /** {@code _randbelow(n)}: rejection on the bit length of n. */
  int randbelow(int n) {
    int k = 32 - Integer.numberOfLeadingZeros(n);
    long r = getrandbits(k);
    while (r >= n) {
      r = getrandbits(k);
    }
    return (int) r;
  }

  /** The index {@code random.choice(seq)} takes from a sequence of n. */
  int choiceIndex(int n) {
    return randbelow(n);
  }

  /**
   * The positions {@code random.sample(population, k)} takes from a population of n, in its order:
   * a partial shuffle of a copy when n is small against k, else rejection of repeats (CPython's two
   * branches, chosen by its own rule).
   */
  int[] sampleIndices(int n, int k) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("sample larger than population or is negative");
    }
    int[] result = new int[k];
    int setSize = 21;
    if (k > 5) {
      setSize += (int) Math.pow(4, Math.ceil(Math.log(k * 3.0) / Math.log(4)));
    }
    if (n <= setSize) {
      int[] pool = new int[n];
      for (int i = 0; i < n; i++) {
        pool[i] = i;
      }
      for (int i = 0; i < k; i++) {
        int j = randbelow(n - i);
        result[i] = pool[j];
        pool[j] = pool[n - i - 1];
      }
    } else {
      Set<Integer> selected = new HashSet<>();
      for (int i = 0; i < k; i++) {
        int j = randbelow(n);
        while (!selected.add(j)) {
          j = randbelow(n);
        }
        result[i] = j;
      }
    }
    return result;
  }
}
