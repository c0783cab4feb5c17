package io.pulse.bench;

import io.pulse.jobs.JobArgs;
import io.pulse.jobs.SparkSessions;
import io.pulse.jobs.fraud.FraudModelTrainer;
import io.pulse.jobs.fraud.FraudModelTrainerOptions;
import io.pulse.jobs.fraud.ModelRegistry;
import io.pulse.jobs.fraud.TrainingReport;
import io.pulse.local.RepoLayout;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.SimulatedTransactions;
import io.pulse.simulator.fraud.TransactionCsv;
import io.pulse.simulator.fraud.TransactionSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * FraudScoring's throughput alone, self-contained: {@code bench/run fraud-scoring [--records N]
 * [--model-registry DIR] [--jfr FILE]}. Scores the last {@code N} (default 200,000) transactions of
 * a history with the handbook's population (5,000 customers, 10,000 terminals: about 9,700
 * transactions a day, ~100 per customer in the 30-day window, so per-key state is the book's).
 * Without a registry it first trains the model FraudScoring would run by default, a random forest
 * with the trainer's default size (100 trees, depth 20), on a small simulated history (a fifth of
 * the population, 60 days), so the whole run stays within a few minutes; the model's quality does
 * not matter here, its cost does. Ends with the same {@code result:} lines as {@code bench/run
 * fraud}.
 */
public final class FraudScoringBenchmark {
  private FraudScoringBenchmark() {}

  /** The book's run makes ~9,700 transactions a day; a margin so that N always fits. */
  private static final int TRANSACTIONS_PER_DAY_AT_LEAST = 9_000;

  public static void main(String[] argv) throws Exception {
    long started = System.nanoTime();
    JobArgs args = JobArgs.parseAny(argv, Map.of());
    RepoLayout layout = new RepoLayout(Path.of(args.required("repo-dir")));
    int records = args.integer("records", 200_000);
    if (records < 1) {
      throw new IllegalArgumentException("--records must be at least 1");
    }
    Path work = Files.createTempDirectory("pulse-bench-fraud-scoring");
    SparkSession spark = SparkSessions.create("fraud-scoring-benchmark", "local[2]", 2);
    String registry = args.optional("model-registry");
    if (registry == null) {
      registry = work.resolve("models").toString();
      trainDefaultForest(spark, work, registry);
    }
    int days = records / TRANSACTIONS_PER_DAY_AT_LEAST + 2;
    SimulatedTransactions history =
        TransactionSimulator.generate(
            FraudSimulationOptions.of(
                5_000, 10_000, days, Long.parseLong(args.string("seed", "0"))));
    List<SimulatedTransaction> all = history.asList();
    List<SimulatedTransaction> toScore = all.subList(Math.max(0, all.size() - records), all.size());
    System.out.printf(
        "machine: %d cores, Java %s; scoring the last %,d of %,d simulated transactions%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        toScore.size(),
        all.size());
    FraudBenchmark.scoringThroughput(
        layout,
        work,
        spark,
        toScore,
        "last " + toScore.size() + " transactions",
        registry,
        args.optional("jfr"));
    spark.stop();
    // The issue asks for the whole run at its defaults within 5 minutes: say what it took.
    System.out.printf(
        Locale.ROOT,
        "whole benchmark run (training included when no registry was given): %.0f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  private static void trainDefaultForest(SparkSession spark, Path work, String registry) {
    Path csv = work.resolve("training-history.csv");
    TransactionCsv.write(
        TransactionSimulator.generate(FraudSimulationOptions.of(1_000, 2_000, 60, 0)), csv);
    long t0 = System.nanoTime();
    TrainingReport report =
        FraudModelTrainer.run(
            spark,
            FraudModelTrainerOptions.parse(
                new String[] {
                  "--input-csv", csv.toString(),
                  "--model-registry", registry,
                  "--train-start", "latest",
                  "--models", "rf",
                  "--spark-master", "local[2]",
                  "--shuffle-partitions", "2"
                },
                Map.of()));
    ModelRegistry.open(registry).promote(report.saved().version());
    System.out.printf(
        "trained the default forest on 60 simulated days in %.0f s: %s%n",
        (System.nanoTime() - t0) / 1e9, report.saved().describe());
  }
}
