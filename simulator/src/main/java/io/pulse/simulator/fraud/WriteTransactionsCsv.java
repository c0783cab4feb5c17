package io.pulse.simulator.fraud;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a simulated card-transaction history in the handbook's published layout ({@link
 * TransactionCsv}), the input of FraudModelTrainer:
 *
 * <pre>
 * WriteTransactionsCsv --customers 5000 --terminals 10000 --days 183 --start 2018-04-01 --seed 0
 *     --output transactions.csv
 * </pre>
 *
 * Every option but {@code --output} has the book's run as its default.
 */
public final class WriteTransactionsCsv {
  /** Option -> default (null: required). */
  static final Map<String, String> OPTIONS = options();

  private WriteTransactionsCsv() {}

  private static Map<String, String> options() {
    Map<String, String> o = new LinkedHashMap<>();
    FraudSimulationOptions book = FraudSimulationOptions.book();
    o.put("customers", Integer.toString(book.customers()));
    o.put("terminals", Integer.toString(book.terminals()));
    o.put("days", Integer.toString(book.days()));
    o.put("start", book.startDate().toString());
    o.put("seed", Long.toString(book.seed()));
    o.put("output", null);
    return o;
  }

  public static void main(String[] argv) {
    Map<String, String> args = parse(argv);
    SimulatedTransactions txs = TransactionSimulator.generate(simulation(args));
    Path output = Path.of(args.get("output"));
    TransactionCsv.write(txs, output);
    System.out.printf(
        "wrote %d transactions (%d frauds) to %s%n", txs.size(), txs.frauds(), output);
  }

  static FraudSimulationOptions simulation(Map<String, String> args) {
    return FraudSimulationOptions.of(
            Integer.parseInt(args.get("customers")),
            Integer.parseInt(args.get("terminals")),
            Integer.parseInt(args.get("days")),
            Long.parseLong(args.get("seed")))
        .withStartDate(LocalDate.parse(args.get("start")));
  }

  /** {@code --name value} pairs over the defaults; an unknown or missing option is an error. */
  static Map<String, String> parse(String[] argv) {
    Map<String, String> args = new LinkedHashMap<>(OPTIONS);
    for (int i = 0; i < argv.length; i += 2) {
      String name = argv[i].startsWith("--") ? argv[i].substring(2) : null;
      if (name == null || !OPTIONS.containsKey(name)) {
        throw new IllegalArgumentException(
            "unknown option "
                + argv[i]
                + "; known options: --"
                + String.join(", --", OPTIONS.keySet()));
      }
      if (i + 1 >= argv.length) {
        throw new IllegalArgumentException(argv[i] + " needs a value");
      }
      args.put(name, argv[i + 1]);
    }
    args.forEach(
        (name, value) -> {
          if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
          }
        });
    return args;
  }
}
