package io.pulse.simulator.fraud;

/**
 * The Mersenne Twister (Matsumoto and Nishimura, 1998): the generator under both numpy's legacy
 * {@code RandomState} and CPython's {@code random}, so that {@link TransactionSimulator} draws what
 * the handbook's Python simulator draws. Seeded the two ways they seed it.
 */
final class Mt19937 {
  private static final int N = 624;
  private static final int M = 397;
  private final int[] mt = new int[N];
  private int index = N;

  /** numpy's {@code RandomState(seed)} for an integer seed ({@code init_genrand}). */
  static Mt19937 ofSeed(long seed) {
    Mt19937 g = new Mt19937();
    g.initGenrand((int) seed);
    return g;
  }

  /**
   * CPython's {@code random.seed(n)}: the 32-bit words of |n|, lowest first ({@code
   * init_by_array}).
   */
  static Mt19937 ofKey(long n) {
    long v = Math.abs(n);
    int[] key = v >>> 32 == 0 ? new int[] {(int) v} : new int[] {(int) v, (int) (v >>> 32)};
    Mt19937 g = new Mt19937();
    g.initByArray(key);
    return g;
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    index = N;
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /** The next 32 random bits, as an unsigned value. */
  long nextUnsigned32() {
    if (index >= N) {
      twist();
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xffffffffL;
  }

  /** A double in [0, 1) from 53 random bits, as both numpy and CPython make it. */
  double nextDouble() {
    long a = nextUnsigned32() >>> 5;
    long b = nextUnsigned32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  private void twist() {
    for (int k = 0; k < N; k++) {
      int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : 0x9908b0df);
    }
    index = 0;
  }
}
