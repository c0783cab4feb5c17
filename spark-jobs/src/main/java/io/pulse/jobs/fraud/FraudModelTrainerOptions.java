package io.pulse.jobs.fraud;

import io.pulse.jobs.JobArgs;
import io.pulse.jobs.SparkSessions;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Everything FraudModelTrainer can be told. Each option is {@code --name value} or the environment
 * variable NAME (see {@link JobArgs}); the defaults are the handbook's baseline.
 *
 * @param inputCsv {@code input-csv}: a history in the handbook's published layout; when absent one
 *     is simulated with {@code customers}, {@code terminals}, {@code days}, {@code seed} (default
 *     the book's run: 5000, 10000, 183 days from 2018-04-01, seed 0)
 * @param simulation the simulated history's sizes when there is no CSV
 * @param modelPath {@code model-path} (required): where the best PipelineModel and its
 *     metadata.json go
 * @param protocol {@code train-start} (2018-07-25), {@code train-days} (7), {@code delay-days} (7),
 *     {@code test-days} (7)
 * @param models {@code models}: comma-separated among lr, rf, gbt (default all three)
 * @param rfTrees {@code rf-trees} (100), {@code rf-depth} (15): random forest size
 * @param gbtIterations {@code gbt-iterations} (100), {@code gbt-depth} (6), {@code gbt-step} (0.3):
 *     gradient-boosted trees, XGBoost's defaults (100 trees, depth 6, eta 0.3)
 * @param maxBins {@code max-bins} (256): split candidates per feature for the trees; Spark's
 *     default 32 cannot place a split near scenario 1's 220 among amounts up to thousands, and
 *     XGBoost's histogram method uses 256
 * @param topK {@code top-k} (100): cards investigators check per day, for card precision@k
 * @param master {@code spark-master}, used only when spark-submit set none; default local[*]
 * @param shufflePartitions {@code shuffle-partitions}: default the machine's cores
 */
public record FraudModelTrainerOptions(
    String inputCsv,
    FraudSimulationOptions simulation,
    String modelPath,
    EvaluationProtocol protocol,
    List<String> models,
    int rfTrees,
    int rfDepth,
    int gbtIterations,
    int gbtDepth,
    double gbtStep,
    int maxBins,
    int topK,
    String master,
    int shufflePartitions) {

  public static final List<String> ALL_MODELS = List.of("lr", "rf", "gbt");

  public FraudModelTrainerOptions {
    models = List.copyOf(models);
    for (String m : models) {
      if (!ALL_MODELS.contains(m)) {
        throw new IllegalArgumentException(
            "--models: unknown model '" + m + "', expected " + ALL_MODELS);
      }
    }
    if (models.isEmpty()) {
      throw new IllegalArgumentException("--models: name at least one of " + ALL_MODELS);
    }
  }

  public static FraudModelTrainerOptions from(JobArgs args) {
    FraudSimulationOptions sim =
        FraudSimulationOptions.of(
                args.integer("customers", 5_000),
                args.integer("terminals", 10_000),
                args.integer("days", 183),
                Long.parseLong(args.string("seed", "0")))
            .withStartDate(LocalDate.parse(args.string("start-date", "2018-04-01")));
    return new FraudModelTrainerOptions(
        args.optional("input-csv"),
        sim,
        args.required("model-path"),
        new EvaluationProtocol(
            LocalDate.parse(args.string("train-start", "2018-07-25")),
            args.integer("train-days", 7),
            args.integer("delay-days", 7),
            args.integer("test-days", 7)),
        Arrays.stream(args.string("models", "lr,rf,gbt").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        args.integer("rf-trees", 100),
        args.integer("rf-depth", 15),
        args.integer("gbt-iterations", 100),
        args.integer("gbt-depth", 6),
        Double.parseDouble(args.string("gbt-step", "0.3")),
        args.integer("max-bins", 256),
        args.integer("top-k", 100),
        args.string("spark-master", "local[*]"),
        args.integer("shuffle-partitions", SparkSessions.localCores()));
  }
}
