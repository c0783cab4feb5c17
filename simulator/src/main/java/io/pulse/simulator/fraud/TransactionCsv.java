package io.pulse.simulator.fraud;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The handbook's published table layout, so that Pulse's trainer can be benchmarked on the
 * reference data set and the reference tools can read Pulse's simulations:
 *
 * <pre>
 * TRANSACTION_ID,TX_DATETIME,CUSTOMER_ID,TERMINAL_ID,TX_AMOUNT,TX_TIME_SECONDS,TX_TIME_DAYS,TX_FRAUD,TX_FRAUD_SCENARIO
 * 0,2018-04-01 00:00:31,596,3156,57.16,31,0,0,0
 * </pre>
 *
 * Datetimes are naive, read as UTC. The reader finds columns by header name, so the unnamed index
 * column pandas writes in front is ignored.
 */
public final class TransactionCsv {
  public static final List<String> COLUMNS =
      List.of(
          "TRANSACTION_ID",
          "TX_DATETIME",
          "CUSTOMER_ID",
          "TERMINAL_ID",
          "TX_AMOUNT",
          "TX_TIME_SECONDS",
          "TX_TIME_DAYS",
          "TX_FRAUD",
          "TX_FRAUD_SCENARIO");

  public static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private TransactionCsv() {}

  public static void write(SimulatedTransactions txs, Path file) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(txs, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(SimulatedTransactions txs, Writer out) throws IOException {
    out.write(String.join(",", COLUMNS));
    out.write('\n');
    StringBuilder line = new StringBuilder(96);
    for (int i = 0; i < txs.size(); i++) {
      line.setLength(0);
      LocalDateTime at =
          LocalDateTime.ofInstant(txs.start().plusSeconds(txs.timeSeconds[i]), ZoneOffset.UTC);
      long cents = txs.amountCents[i];
      line.append(i)
          .append(',')
          .append(DATETIME.format(at))
          .append(',')
          .append(txs.customerId[i])
          .append(',')
          .append(txs.terminalId[i])
          .append(',')
          .append(cents / 100)
          .append('.')
          .append(cents % 100 < 10 ? "0" : "")
          .append(cents % 100)
          .append(',')
          .append(txs.timeSeconds[i])
          .append(',')
          .append(txs.day[i])
          .append(',')
          .append(txs.fraudScenario[i] != 0 ? 1 : 0)
          .append(',')
          .append(txs.fraudScenario[i])
          .append('\n');
      out.append(line);
    }
  }

  /**
   * Reads a table in the published layout. Rows keep their file order; the history starts at the
   * midnight of the first row's TX_DATETIME minus its TX_TIME_SECONDS.
   */
  public static SimulatedTransactions read(Path file) {
    List<String[]> rows = new ArrayList<>();
    int[] index;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IllegalArgumentException(file + " is empty");
      }
      List<String> names = Arrays.asList(header.split(",", -1));
      index = new int[COLUMNS.size()];
      for (int c = 0; c < COLUMNS.size(); c++) {
        index[c] = names.indexOf(COLUMNS.get(c));
        if (index[c] < 0) {
          throw new IllegalArgumentException(
              file + ": missing column " + COLUMNS.get(c) + " in header " + header);
        }
      }
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isEmpty()) {
          rows.add(line.split(",", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Instant start = Instant.EPOCH;
    if (!rows.isEmpty()) {
      String[] first = rows.get(0);
      start =
          LocalDateTime.parse(first[index[1]], DATETIME)
              .toInstant(ZoneOffset.UTC)
              .minusSeconds(Long.parseLong(first[index[5]]));
    }
    SimulatedTransactions txs = new SimulatedTransactions(start, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      try {
        txs.customerId[i] = Integer.parseInt(r[index[2]]);
        txs.terminalId[i] = Integer.parseInt(r[index[3]]);
        txs.amountCents[i] = new java.math.BigDecimal(r[index[4]]).movePointRight(2).longValue();
        txs.timeSeconds[i] = Long.parseLong(r[index[5]]);
        txs.day[i] = Integer.parseInt(r[index[6]]);
        int fraud = Integer.parseInt(r[index[7]]);
        int scenario = Integer.parseInt(r[index[8]]);
        // A fraud without a scenario (other data sets in this layout) still counts as fraud.
        txs.fraudScenario[i] = (byte) (fraud != 0 && scenario == 0 ? 1 : scenario);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + ": bad row " + (i + 2) + ": " + e.getMessage());
      }
    }
    return txs;
  }
}
