package io.pulse.local;

import io.pulse.events.Pipeline;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Flags of {@code ./pulse local}.
 *
 * @param repoDir the checkout whose built artifacts are started
 * @param workDir all state: Kafka's data, checkpoints, logs ({@code --work-dir}, default .pulse)
 * @param reset start from empty state ({@code --reset}); without it a run resumes the last one
 * @param simulator post simulated traffic ({@code --no-simulator} turns it off)
 * @param rate simulated order events per second ({@code --rate}, default 20)
 * @param postRate simulated social posts per second ({@code --post-rate}, default 1: CoreNLP scores
 *     a few dozen sentences a second per core)
 * @param transactionRate simulated card transactions per second ({@code --transaction-rate}, 5)
 * @param historyDays days of simulated card history sent before the live transactions, ending now
 *     ({@code --history-days}, default 30: the longest window of the fraud features; 0 for none)
 * @param kafkaPort the broker's port ({@code --kafka-port}, default 9092; the controller takes the
 *     next one)
 * @param pipelines which pipelines to run ({@code --pipelines commerce,sentiment,fraud}, default
 *     all): their ingest service, job and simulated traffic; results-service always runs
 */
public record LocalOptions(
    Path repoDir,
    Path workDir,
    boolean reset,
    boolean simulator,
    double rate,
    double postRate,
    double transactionRate,
    int historyDays,
    int kafkaPort,
    Set<Pipeline> pipelines) {

  static final String USAGE =
      """
      Usage: ./pulse local [--pipelines LIST] [--rate N] [--no-simulator] [--work-dir DIR] [--reset]

        --pipelines LIST      which pipelines to run, comma-separated: commerce, sentiment,
                              fraud (default all three)

        --rate N              simulated order events per second (default 20)
        --post-rate N         simulated social posts per second (default 1)
        --transaction-rate N  simulated card transactions per second (default 5)
        --history-days N      days of card history sent first, ending now, so the fraud
                              features' 1/7/30-day windows are full (default 30; 0 for none)
        --no-simulator    start everything but the traffic simulator
        --work-dir DIR    where Kafka's data, checkpoints and logs live (default .pulse)
        --reset           delete that state first; without it a run resumes the last one
        --kafka-port N    the local broker's port (default 9092; the controller takes N+1)
      """;

  public static LocalOptions parse(String[] args) {
    Path repo = Path.of("").toAbsolutePath();
    Path work = null;
    boolean reset = false;
    boolean simulator = true;
    double rate = 20;
    double postRate = 1;
    double transactionRate = 5;
    int historyDays = 30;
    int kafkaPort = 9092;
    Set<Pipeline> pipelines = EnumSet.allOf(Pipeline.class);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--repo-dir" -> repo = Path.of(value(args, ++i, "--repo-dir")).toAbsolutePath();
        case "--work-dir" -> work = Path.of(value(args, ++i, "--work-dir")).toAbsolutePath();
        case "--reset" -> reset = true;
        case "--no-simulator" -> simulator = false;
        case "--rate" -> rate = positive(value(args, ++i, "--rate"));
        case "--post-rate" -> postRate = positive(value(args, ++i, "--post-rate"));
        case "--transaction-rate" ->
            transactionRate = positive(value(args, ++i, "--transaction-rate"));
        case "--history-days" -> historyDays = days(value(args, ++i, "--history-days"));
        case "--kafka-port" -> kafkaPort = port(value(args, ++i, "--kafka-port"));
        case "--pipelines" -> pipelines = pipelines(value(args, ++i, "--pipelines"));
        case "-h", "--help" -> throw new UsageException("");
        default -> throw new UsageException("unknown option " + args[i]);
      }
    }
    return new LocalOptions(
        repo,
        work != null ? work : repo.resolve(".pulse"),
        reset,
        simulator,
        rate,
        postRate,
        transactionRate,
        historyDays,
        kafkaPort,
        pipelines);
  }

  /** The short names people use for the pipelines. */
  private static final Map<String, Pipeline> PIPELINE_NAMES =
      Map.of(
          "commerce", Pipeline.ORDER_STATUS_COUNTS,
          "sentiment", Pipeline.SOCIAL_SENTIMENT,
          "fraud", Pipeline.FRAUD_SCORING);

  private static Set<Pipeline> pipelines(String list) {
    Set<Pipeline> chosen = EnumSet.noneOf(Pipeline.class);
    for (String name : list.split(",")) {
      Pipeline p = PIPELINE_NAMES.get(name.trim().toLowerCase(java.util.Locale.ROOT));
      if (p == null) {
        throw new UsageException(
            "unknown pipeline '" + name.trim() + "': expected commerce, sentiment or fraud");
      }
      chosen.add(p);
    }
    return Set.copyOf(chosen);
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port > 0 && port < 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--kafka-port needs a port number, got " + value);
  }

  private static int days(String value) {
    try {
      int days = Integer.parseInt(value);
      if (days >= 0 && days <= 150) {
        return days;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--history-days needs a number of days from 0 to 150, got " + value);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new UsageException(flag + " needs a value");
    }
    return args[i];
  }

  private static double positive(String value) {
    try {
      double rate = Double.parseDouble(value);
      if (rate > 0) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("rates must be positive numbers, got " + value);
  }

  /** A command-line mistake: the message and the usage are printed, nothing is started. */
  /**
   * The fraud model registry under the work dir: where the runner trains the first model, and what
   * {@code ./pulse models} changes by default.
   */
  public Path fraudModelRegistry() {
    return workDir.resolve("models").resolve("fraud");
  }

  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
