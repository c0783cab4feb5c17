package io.pulse.bench;

import io.pulse.events.BankTransactionCodec;
import io.pulse.events.FraudLabel;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.SparkSessions;
import io.pulse.jobs.fraud.FraudModelTrainer;
import io.pulse.jobs.fraud.FraudModelTrainerOptions;
import io.pulse.jobs.fraud.FraudScoring;
import io.pulse.jobs.fraud.FraudScoringOptions;
import io.pulse.jobs.fraud.TrainingReport;
import io.pulse.local.ChildProcess;
import io.pulse.local.LocalKafka;
import io.pulse.local.RepoLayout;
import io.pulse.local.TopicPlan;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.SimulatedTransactions;
import io.pulse.simulator.fraud.TransactionCsv;
import io.pulse.simulator.fraud.TransactionSimulator;
import io.pulse.testsupport.FreePorts;
import io.pulse.testsupport.QueryInputCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The fraud pipeline's quality and speed on the Fraud Detection Handbook's own setting: its
 * simulated data set (5,000 customers, 10,000 terminals, 183 days from 2018-04-01, seed 0) and its
 * baseline protocol (training from 2018-07-25, 7 days train, 7 days delay, 7 days test, the 15
 * features), with the book's published figures beside Pulse's. Then FraudScoring's throughput on
 * {@code local[2]}: the last {@code --scoring-days} of the history (and the frauds' labels) are
 * loaded into a local broker and the scoring query drains them from a fresh checkpoint.
 *
 * <p>{@code bench/run fraud [--models lr,rf,gbt] [--scoring-days 30] [--input-csv path]}; every
 * FraudModelTrainer option applies (the model goes to a registry in the run's work dir unless
 * {@code --model-registry} names one). {@code --scoring-only true --model-registry dir} measures
 * scoring alone with the registry's live model. Beside it, a bare Spark count of the same topic
 * (the limit); the last lines are {@code result: fraud.scoring_tx_per_s=...} and {@code result:
 * fraud.scoring_over_bare=...}. {@code --jfr file} records the scoring query with JFR.
 */
public final class FraudBenchmark {
  private FraudBenchmark() {}

  /** The book's table (chapter 3.5 baseline; chapter 5.3 tuned XGBoost): AUC, AP, CP@100. */
  private static final String[][] BOOK = {
    {"logistic regression", "0.871", "0.606", "0.291"},
    {"random forest", "0.867", "0.658", "0.287"},
    {"XGBoost", "0.862", "0.639", "0.273"},
    {"XGBoost, tuned (ch. 5.3)", "0.869", "0.687", "0.303"},
  };

  public static void main(String[] argv) throws Exception {
    JobArgs args = JobArgs.parseAny(argv, Map.of());
    RepoLayout layout = new RepoLayout(Path.of(args.required("repo-dir")));
    Path work = Files.createTempDirectory("pulse-bench-fraud");
    List<String> trainerArgs = new ArrayList<>(List.of(argv));
    if (args.optional("model-path") != null) {
      throw new IllegalArgumentException(
          "FraudScoring reads a model registry: give --model-registry, not --model-path");
    }
    if (args.optional("model-registry") == null) {
      trainerArgs.addAll(List.of("--model-registry", work.resolve("models").toString()));
    }
    // The history is simulated here (the trainer reads a CSV): the book's run unless told.
    FraudSimulationOptions simulation =
        FraudSimulationOptions.of(
                args.integer("customers", 5_000),
                args.integer("terminals", 10_000),
                args.integer("days", 183),
                Long.parseLong(args.string("seed", "0")))
            .withStartDate(LocalDate.parse(args.string("start-date", "2018-04-01")));
    boolean simulatedCsv = args.optional("input-csv") == null;
    if (simulatedCsv) {
      trainerArgs.addAll(List.of("--input-csv", work.resolve("transactions.csv").toString()));
    }
    trainerArgs.addAll(List.of("--spark-master", "local[2]", "--shuffle-partitions", "2"));
    FraudModelTrainerOptions options =
        FraudModelTrainerOptions.parse(
            without(
                trainerArgs,
                "repo-dir",
                "scoring-days",
                "scoring-only",
                "jfr",
                "customers",
                "terminals",
                "days",
                "seed",
                "start-date"),
            Map.of());
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, %.0f GiB max heap, Java %s; local[2]%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024),
        System.getProperty("java.version"));

    long t0 = System.nanoTime();
    SimulatedTransactions history = TransactionSimulator.generate(simulation);
    double simSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "simulated %,d transactions, %.2f %% fraud (scenarios 1/2/3: %d/%d/%d) in %.1f s%n",
        history.size(),
        100.0 * history.frauds() / history.size(),
        history.scenarioCounts()[1],
        history.scenarioCounts()[2],
        history.scenarioCounts()[3],
        simSeconds);
    int scoringDays = args.integer("scoring-days", 30);
    if (Boolean.parseBoolean(args.string("scoring-only", "false"))) {
      // Throughput alone, with the live model of a registry trained before (--model-registry).
      SparkSession spark = SparkSessions.create("fraud-benchmark", "local[2]", 2);
      scoreLastDays(layout, work, spark, history, scoringDays, options, args.optional("jfr"));
      spark.stop();
      return;
    }
    String csv = options.inputCsv();
    if (simulatedCsv) {
      TransactionCsv.write(history, Path.of(csv));
    }

    SparkSession spark = SparkSessions.create("fraud-benchmark", "local[2]", 2);
    long t1 = System.nanoTime();
    TrainingReport report =
        FraudModelTrainer.trainAndSave(
            io.pulse.jobs.fraud.FraudFeatures.readHandbookCsv(spark, csv), options);
    double trainerSeconds = (System.nanoTime() - t1) / 1e9;
    System.out.println(report.table());
    System.out.printf(
        Locale.ROOT,
        "features over the whole history: %.1f s; whole trainer run (features, %d models x 2 periods, save): %.1f s%n",
        report.featureSeconds(),
        report.results().size(),
        trainerSeconds);
    System.out.println("the book (same data generator, same protocol; scikit-learn / XGBoost):");
    for (String[] row : BOOK) {
      System.out.printf(
          Locale.ROOT, "  %-26s AUC %s  AP %s  CP@100 %s%n", row[0], row[1], row[2], row[3]);
    }

    // Score with the model just trained, also when a given registry already had a live one.
    io.pulse.jobs.fraud.ModelRegistry.open(options.modelRegistry())
        .promote(report.saved().version());
    scoreLastDays(layout, work, spark, history, scoringDays, options, args.optional("jfr"));
    spark.stop();
  }

  private static void scoreLastDays(
      RepoLayout layout,
      Path work,
      SparkSession spark,
      SimulatedTransactions history,
      int days,
      FraudModelTrainerOptions options,
      String jfr)
      throws Exception {
    int lastDay = history.day(history.size() - 1);
    scoringThroughput(
        layout,
        work,
        spark,
        history.asList().stream().filter(t -> t.day() > lastDay - days).toList(),
        "last " + days + " days",
        options.modelRegistry(),
        jfr);
  }

  /**
   * Loads {@code toScore} (and the frauds' labels, a day later) into a local broker, then times
   * FraudScoring draining them from a fresh checkpoint with the registry's live model, beside a
   * bare count of the same topic; prints the {@code result:} lines. Both are timed warm: the bare
   * count after one run of itself, FraudScoring after a run over the first {@value #WARM_UP}
   * transactions on topics of its own.
   */
  static void scoringThroughput(
      RepoLayout layout,
      Path work,
      SparkSession spark,
      List<SimulatedTransaction> toScore,
      String what,
      String modelRegistry,
      String jfr)
      throws Exception {
    int port = FreePorts.freePort();
    ChildProcess kafka = LocalKafka.start(layout, work, port, work.resolve("logs"));
    String bootstrap = "localhost:" + port;
    try {
      // Warm-up, as for the bare count below: the first FraudScoring of the JVM pays for class
      // loading and code generation once. Its own topics and checkpoint, a slice of the input.
      List<SimulatedTransaction> warmUp = toScore.subList(0, Math.min(WARM_UP, toScore.size()));
      load(bootstrap, "warm-up", warmUp);
      List<StreamingQuery> warm =
          FraudScoring.start(spark, options("warm-up", bootstrap, modelRegistry, work));
      for (StreamingQuery q : warm) {
        q.processAllAvailable();
      }
      for (StreamingQuery q : warm) {
        q.stop();
      }
      Loaded loaded = load(bootstrap, "bench", toScore);
      int transactions = loaded.transactions();
      int labels = loaded.labels();
      FraudScoringOptions options = options("bench", bootstrap, modelRegistry, work);
      // The limit beside it: a bare Spark count of the same topic, same session, same partitions.
      // The first query of the JVM pays for class loading and code generation: warm up once.
      bareCount(spark, bootstrap, work.resolve("cp-bare-warm-up"));
      double bareRate = transactions / bareCount(spark, bootstrap, work.resolve("cp-bare"));
      QueryInputCounter counter = QueryInputCounter.register(spark);
      Recording recording = jfr == null ? null : startRecording();
      long t0 = System.nanoTime();
      long cpu0 = processCpuNanos();
      List<StreamingQuery> queries = FraudScoring.start(spark, options);
      // Its input count: the transactions and labels loaded (labels the label join resolves come
      // back to it through Kafka afterwards; the summary query is timed on its own below).
      counter.await(queries.get(0), transactions + labels, Duration.ofHours(2));
      double scoringSeconds = (System.nanoTime() - t0) / 1e9;
      double scoringCpuSeconds = (processCpuNanos() - cpu0) / 1e9;
      if (recording != null) {
        recording.dump(Path.of(jfr));
        recording.close();
        System.out.println("JFR recording of the scoring query: " + jfr);
      }
      long t1 = System.nanoTime();
      queries.get(1).processAllAvailable();
      double summarySeconds = (System.nanoTime() - t1) / 1e9;
      for (StreamingQuery q : queries) {
        q.stop();
      }
      counter.close();
      System.out.printf(
          Locale.ROOT,
          "FraudScoring on local[2], %s (%,d transactions, micro-batches of at most 100,000, after a warm-up run):"
              + " scoring query %.1f s = %,.0f transactions/s (model load, features, state, model, Kafka writes);"
              + " summary query afterwards %.1f s%n",
          what,
          transactions,
          scoringSeconds,
          transactions / scoringSeconds,
          summarySeconds);
      double scoringRate = transactions / scoringSeconds;
      // CPU time is what a busy shared machine distorts least: the JVM's own, per 1,000 tx.
      System.out.printf(
          Locale.ROOT,
          "scoring query CPU time (this JVM, all threads): %.1f s = %.1f ms per 1,000 transactions%n",
          scoringCpuSeconds,
          1000 * scoringCpuSeconds * 1000 / transactions);
      System.out.printf(
          Locale.ROOT,
          "result: fraud.scoring_cpu_ms_per_1000_tx=%.1f%n",
          1000 * scoringCpuSeconds * 1000 / transactions);
      System.out.printf(Locale.ROOT, "bare count of the same topic: %,.0f records/s%n", bareRate);
      System.out.printf(Locale.ROOT, "result: fraud.bare_records_per_s=%.0f%n", bareRate);
      System.out.printf(Locale.ROOT, "result: fraud.scoring_tx_per_s=%.0f%n", scoringRate);
      System.out.printf(
          Locale.ROOT, "result: fraud.scoring_over_bare=%.4f%n", scoringRate / bareRate);
    } finally {
      kafka.stop(Duration.ofSeconds(20));
    }
  }

  /** Transactions of the warm-up run (its own topics), before the measured one. */
  private static final int WARM_UP = 20_000;

  private record Loaded(int transactions, int labels) {}

  /**
   * Creates the topics of a run named {@code prefix} and loads {@code toScore} into its
   * transactions topic, with each fraud's label (a day later) into its labels topic.
   */
  private static Loaded load(String bootstrap, String prefix, List<SimulatedTransaction> toScore)
      throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(props)) {
      List<NewTopic> topics = new ArrayList<>();
      for (String t :
          List.of(
              "transactions",
              "labels",
              "alerts",
              "summary",
              "scored",
              "scored-labels",
              "models",
              "transactions.dlq",
              "labels.dlq")) {
        topics.add(new NewTopic(prefix + "." + t, 2, (short) 1));
      }
      TopicPlan.create(admin, topics);
    }
    int transactions = 0;
    int labels = 0;
    props.put("linger.ms", "20");
    props.put("batch.size", "262144");
    AtomicReference<Exception> failed = new AtomicReference<>();
    Callback failure =
        (metadata, e) -> {
          if (e != null) {
            failed.compareAndSet(null, e);
          }
        };
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (SimulatedTransaction t : toScore) {
        if (t.fraud()) {
          FraudLabel label =
              new FraudLabel(
                  Long.toString(t.transactionId()),
                  Integer.toString(t.terminalId()),
                  t.datetime(),
                  true,
                  t.datetime().plus(Duration.ofDays(1)),
                  "investigator");
          producer.send(
              new ProducerRecord<>(
                  prefix + ".labels", label.transactionId(), FraudLabel.encode(label)),
              failure);
          labels++;
        }
        producer.send(
            new ProducerRecord<>(
                prefix + ".transactions",
                Integer.toString(t.customerId()),
                BankTransactionCodec.encode(t.toEvent())),
            failure);
        transactions++;
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("preload of " + prefix + " failed", failed.get());
    }
    return new Loaded(transactions, labels);
  }

  /** FraudScoring's options for the run named {@code prefix}: its topics and checkpoint. */
  private static FraudScoringOptions options(
      String prefix, String bootstrap, String modelRegistry, Path work) {
    return FraudScoringOptions.parse(
        new String[] {
          "--kafka-bootstrap-servers",
          bootstrap,
          "--input-topic",
          prefix + ".transactions",
          "--labels-topic",
          prefix + ".labels",
          "--output-topic",
          prefix + ".alerts",
          "--summary-topic",
          prefix + ".summary",
          "--scored-topic",
          prefix + ".scored",
          "--scored-labels-topic",
          prefix + ".scored-labels",
          "--models-topic",
          prefix + ".models",
          "--model-registry",
          modelRegistry,
          "--checkpoint-location",
          work.resolve("checkpoint-" + prefix).toString(),
          "--trigger-interval",
          "1 second",
          "--max-offsets-per-trigger",
          "100000",
          "--watermark-delay",
          "400 days",
          "--shuffle-partitions",
          "2"
        },
        Map.of());
  }

  /** Seconds a bare count of bench.transactions takes from a fresh checkpoint (AvailableNow). */
  private static double bareCount(SparkSession spark, String bootstrap, Path checkpoint)
      throws Exception {
    long started = System.nanoTime();
    StreamingQuery q =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrap)
            .option("subscribe", "bench.transactions")
            .option("startingOffsets", "earliest")
            .load()
            .groupBy()
            .count()
            .writeStream()
            .outputMode(OutputMode.Complete())
            .trigger(Trigger.AvailableNow())
            .option("checkpointLocation", checkpoint.toString())
            .format("noop")
            .start();
    q.awaitTermination();
    return (System.nanoTime() - started) / 1e9;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Recording startRecording() throws Exception {
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.start();
    return recording;
  }

  private static String[] without(List<String> argv, String... names) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      boolean drop = false;
      for (String n : names) {
        if (a.equals("--" + n)) {
          drop = true;
          i++;
        } else if (a.startsWith("--" + n + "=")) {
          drop = true;
        }
      }
      if (!drop) {
        out.add(a);
      }
    }
    return out.toArray(String[]::new);
  }
}
