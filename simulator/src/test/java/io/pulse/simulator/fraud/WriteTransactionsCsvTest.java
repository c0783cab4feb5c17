package io.pulse.simulator.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteTransactionsCsvTest {
  @TempDir Path dir;

  @Test
  void writesTheSimulatedHistoryOfItsOptions() throws IOException {
    Path file = dir.resolve("tx.csv");
    WriteTransactionsCsv.main(
        new String[] {
          "--customers",
          "100",
          "--terminals",
          "200",
          "--days",
          "20",
          "--seed",
          "3",
          "--start",
          "2018-05-01",
          "--output",
          file.toString()
        });
    Path expected = dir.resolve("expected.csv");
    TransactionCsv.write(
        TransactionSimulator.generate(
            FraudSimulationOptions.of(100, 200, 20, 3)
                .withStartDate(java.time.LocalDate.parse("2018-05-01"))),
        expected);
    assertEquals(Files.readString(expected), Files.readString(file));
  }

  @Test
  void rejectsUnknownAndMissingOptions() {
    assertEquals(
        "unknown option --customer; known options: --customers, --terminals, --days, --start,"
            + " --seed, --output",
        assertThrows(
                IllegalArgumentException.class,
                () -> WriteTransactionsCsv.parse(new String[] {"--customer", "5"}))
            .getMessage());
    assertEquals(
        "missing --output",
        assertThrows(
                IllegalArgumentException.class, () -> WriteTransactionsCsv.parse(new String[0]))
            .getMessage());
  }
}
