package io.pulse.simulator.fraud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The ports of numpy's legacy RandomState and CPython's random against values the originals print
 * (numpy 1.24.2 and CPython 3.11, the calls in each test's comment).
 */
class HandbookRandomTest {
  @Test
  void numpyUniformNormalAndPoissonAreNumpys() {
    // np.random.seed(0); uniform(0, 100) x3; normal(43200, 20000) x3; poisson(2.5) x10
    NumpyRandomState r = new NumpyRandomState(0);
    assertEquals(54.88135039273247, r.uniform(0, 100));
    assertEquals(71.51893663724195, r.uniform(0, 100));
    assertEquals(60.276337607164386, r.uniform(0, 100));
    assertEquals(-2166.5640236074833, r.normal(43200, 20000));
    assertEquals(69870.90763243794, r.normal(43200, 20000));
    assertEquals(26345.518923414253, r.normal(43200, 20000));
    int[] poisson = new int[10];
    for (int i = 0; i < poisson.length; i++) {
      poisson[i] = r.poisson(2.5);
    }
    assertArrayEquals(new int[] {5, 1, 1, 7, 3, 3, 1, 5, 2, 3}, poisson);
    // np.random.seed(4000000000); uniform(5, 100)
    assertEquals(88.27275525306268, new NumpyRandomState(4_000_000_000L).uniform(5, 100));
    assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(1L << 32));
  }

  @Test
  void numpyChoiceWithoutReplacementIsPandasSample() {
    // RandomState(7).choice(10000, size=2, replace=False), and of 5000 size 3: what pandas'
    // sample(n, random_state=7) takes from a table of that many rows.
    assertArrayEquals(
        new int[] {1977, 3880}, new NumpyRandomState(7).choiceWithoutReplacement(10_000, 2));
    assertArrayEquals(
        new int[] {3406, 757, 3624}, new NumpyRandomState(7).choiceWithoutReplacement(5_000, 3));
  }

  @Test
  void pythonSeedsChoiceAndSampleArePythons() {
    // random.seed(0) and random.seed(2**33 + 5); getrandbits(32) x2
    PythonRandom zero = new PythonRandom(0);
    assertEquals(3626764237L, zero.getrandbits(32));
    assertEquals(1654615998L, zero.getrandbits(32));
    PythonRandom wide = new PythonRandom((1L << 33) + 5);
    assertEquals(3185278367L, wide.getrandbits(32));
    assertEquals(1209197118L, wide.getrandbits(32));
    // random.seed(12345); [random.choice(range(37)) for _ in range(8)]
    PythonRandom choice = new PythonRandom(12345);
    int[] picks = new int[8];
    for (int i = 0; i < picks.length; i++) {
      picks[i] = choice.choiceIndex(37);
    }
    assertArrayEquals(new int[] {26, 0, 19, 23, 12, 17, 36, 27}, picks);
    // random.seed(3); random.sample(range(84), 28): the branch that shuffles a copy
    assertArrayEquals(
        new int[] {
          30, 75, 69, 16, 47, 77, 60, 74, 8, 1, 78, 33, 70, 29, 24, 73, 68, 50, 19, 71, 65, 55, 59,
          72, 81, 79, 0, 42
        },
        new PythonRandom(3).sampleIndices(84, 28));
    // random.seed(3); random.sample(range(1000), 40)[:10]: the branch that rejects repeats
    int[] large = new PythonRandom(3).sampleIndices(1_000, 40);
    assertArrayEquals(
        new int[] {243, 606, 557, 133, 378, 937, 618, 485, 640, 594},
        java.util.Arrays.copyOf(large, 10));
  }
}
