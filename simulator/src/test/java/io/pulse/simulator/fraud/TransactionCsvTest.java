package io.pulse.simulator.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionCsvTest {
  @TempDir Path dir;

  @Test
  void writesTheBooksLayoutAndReadsItBack() throws IOException {
    SimulatedTransactions txs =
        TransactionSimulator.generate(FraudSimulationOptions.of(200, 400, 30, 5));
    Path file = dir.resolve("tx.csv");
    TransactionCsv.write(txs, file);

    List<String> lines = Files.readAllLines(file);
    assertEquals(
        "TRANSACTION_ID,TX_DATETIME,CUSTOMER_ID,TERMINAL_ID,TX_AMOUNT,TX_TIME_SECONDS,"
            + "TX_TIME_DAYS,TX_FRAUD,TX_FRAUD_SCENARIO",
        lines.get(0));
    assertEquals(txs.size() + 1, lines.size());
    SimulatedTransaction first = txs.get(0);
    String[] cells = lines.get(1).split(",");
    assertEquals("0", cells[0]);
    assertEquals(
        TransactionCsv.DATETIME.format(first.datetime().atZone(java.time.ZoneOffset.UTC)),
        cells[1]);
    assertEquals(first.amount().toPlainString(), cells[4]);

    SimulatedTransactions back = TransactionCsv.read(file);
    assertEquals(txs.start(), back.start());
    assertEquals(txs.size(), back.size());
    for (int i = 0; i < txs.size(); i++) {
      assertEquals(txs.get(i), back.get(i));
    }
  }

  @Test
  void readsPandasOutputWithAnIndexColumn() throws IOException {
    Path file = dir.resolve("pandas.csv");
    Files.writeString(
        file,
        ",TRANSACTION_ID,TX_DATETIME,CUSTOMER_ID,TERMINAL_ID,TX_AMOUNT,TX_TIME_SECONDS,"
            + "TX_TIME_DAYS,TX_FRAUD,TX_FRAUD_SCENARIO\n"
            + "0,0,2018-04-01 00:00:31,596,3156,57.16,31,0,0,0\n"
            + "1,1,2018-04-02 00:02:10,4961,3412,81.5,86530,1,1,3\n");
    SimulatedTransactions txs = TransactionCsv.read(file);
    assertEquals(2, txs.size());
    assertEquals(java.time.Instant.parse("2018-04-01T00:00:00Z"), txs.start());
    assertEquals(5716, txs.amountCents(0));
    assertEquals(8150, txs.amountCents(1));
    assertEquals(3, txs.fraudScenario(1));
    assertEquals(4961, txs.customerId(1));
  }

  @Test
  void aMissingColumnIsNamed() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "TRANSACTION_ID,TX_DATETIME\n0,2018-04-01 00:00:31\n");
    var e = assertThrows(IllegalArgumentException.class, () -> TransactionCsv.read(file));
    assertEquals(true, e.getMessage().contains("CUSTOMER_ID"));
  }
}
