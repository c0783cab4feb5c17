package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
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
  void readsACsvOrAnArchiveNeverBothNorNeither() {
    FraudModelTrainerOptions archive =
        FraudModelTrainerOptions.parse(
            new String[] {"--input-archive", "a", "--model-path", "m"}, Map.of());
    assertEquals("a", archive.source());
    assertNull(archive.inputCsv());

    IllegalArgumentException neither =
        assertThrows(
            IllegalArgumentException.class,
            () -> FraudModelTrainerOptions.parse(new String[] {"--model-path", "m"}, Map.of()));
    assertEquals("give exactly one of --input-csv and --input-archive", neither.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            FraudModelTrainerOptions.parse(
                new String[] {"--input-csv", "h", "--input-archive", "a", "--model-path", "m"},
                Map.of()));
  }

  @Test
  void latestTrainStartEndsTheTestOnTheLastFullDay() {
    EvaluationProtocol latest =
        FraudModelTrainerOptions.parse(
                new String[] {
                  "--input-csv", "h.csv", "--model-path", "m", "--train-start", "latest",
                  "--train-days", "5", "--delay-days", "2", "--test-days", "3"
                },
                Map.of())
            .protocol();
    assertNull(latest.trainStart());
    assertThrows(IllegalStateException.class, latest::trainFrom);

    // The last transaction's day (2026-11-26) may be going on: the test ends with 2026-11-25.
    EvaluationProtocol resolved = latest.resolve(Instant.parse("2026-11-26T10:15:00Z"));
    assertEquals(Instant.parse("2026-11-26T00:00:00Z"), resolved.testUntil());
    assertEquals(Instant.parse("2026-11-23T00:00:00Z"), resolved.testFrom());
    assertEquals(LocalDate.parse("2026-11-16"), resolved.trainStart());
    assertEquals(Instant.parse("2026-11-21T00:00:00Z"), resolved.trainUntil());

    EvaluationProtocol fixed = EvaluationProtocol.parse("2018-07-25", 7, 7, 7);
    assertEquals(fixed, fixed.resolve(Instant.parse("2018-09-30T23:59:00Z")));
  }

  @Test
  void theBooksFourFoldsUnlessToldAndNeverNone() {
    String[] base = {"--input-csv", "h.csv", "--model-path", "m"};
    assertEquals(4, FraudModelTrainerOptions.parse(base, Map.of()).folds());
    assertEquals(
        1,
        FraudModelTrainerOptions.parse(
                new String[] {"--input-csv", "h.csv", "--model-path", "m", "--folds", "1"},
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
