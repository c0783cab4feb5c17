package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FraudModelTrainerOptionsTest {
  @Test
  void savesToAPathOrARegistryNeverBothNorNeither() {
    FraudModelTrainerOptions path =
        FraudModelTrainerOptions.parse(
            new String[] {"--input-csv", "h.csv", "--model-path", "m"}, Map.of());
    assertEquals("m", path.modelPath());
    assertNull(path.modelRegistry());

    FraudModelTrainerOptions registry =
        FraudModelTrainerOptions.parse(
            new String[] {"--input-csv", "h.csv", "--model-registry", "r"}, Map.of());
    assertNull(registry.modelPath());

    assertThrows(
        IllegalArgumentException.class,
        () -> FraudModelTrainerOptions.parse(new String[] {"--input-csv", "h.csv"}, Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FraudModelTrainerOptions.parse(
                new String[] {"--input-csv", "h", "--model-path", "m", "--model-registry", "r"},
                Map.of()));
    assertEquals("r", registry.modelRegistry());
  }

  @Test
  void oneFoldUnlessToldAndNeverNone() {
    String[] base = {"--input-csv", "h.csv", "--model-path", "m"};
    assertEquals(1, FraudModelTrainerOptions.parse(base, Map.of()).folds());
    assertEquals(
        4,
        FraudModelTrainerOptions.parse(
                new String[] {"--input-csv", "h.csv", "--model-path", "m", "--folds", "4"},
                Map.of())
            .folds());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FraudModelTrainerOptions.parse(
                new String[] {"--input-csv", "h.csv", "--model-path", "m", "--folds", "0"},
                Map.of()));
  }
}
