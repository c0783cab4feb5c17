package io.pulse.bench.sentiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.util.CoreMap;
import io.pulse.events.JsonReader;
import io.pulse.events.ScoredPost;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialPostCodec;
import io.pulse.jobs.JobArgs;
import io.pulse.jobs.KafkaOptions;
import io.pulse.jobs.SparkSessions;
import io.pulse.jobs.sentiment.ScorerSettings;
import io.pulse.jobs.sentiment.SentimentParser;
import io.pulse.jobs.sentiment.SocialPostDecoder;
import io.pulse.jobs.sentiment.SocialSentiment;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.LabelledSentences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * One configuration per JVM, so heap figures are its own; appends one JSON line to {@code --out}.
 *
 * <ul>
 *   <li>{@code --mode corenlp}: CoreNLP alone, one thread, the job's annotators and properties;
 *       {@code --threads N}: N threads, each with its own pipeline, the timed posts dealt out in
 *       turn: what the machine's cores give CoreNLP without Spark, the limit of Spark's scaling.
 *   <li>{@code --mode spark --cores N}: SocialSentiment's scoring stage, Kafka to Kafka, on {@code
 *       local[N]} (decode, drop redeliveries, score, write scored posts), as one AvailableNow run;
 *       {@code --shuffle-partitions P} (default N, the job's default) sets the partitions the
 *       scoring runs in, after the redelivery shuffle.
 * </ul>
 *
 * Both first score {@code --warmup} posts (model load, JIT), then time {@code --posts} posts.
 */
public final class SentimentBenchmark {
  private SentimentBenchmark() {}

  public static void main(String[] argv) throws Exception {
    JobArgs args = JobArgs.parseAny(argv, Map.of());
    String mode = args.required("mode");
    ScorerSettings settings =
        new ScorerSettings(
            SentimentParser.parse(args.string("parser", "pcfg")),
            ScorerSettings.DEFAULT_MAX_SENTENCE_TOKENS);
    int count = args.integer("posts", 400);
    int warmup = args.integer("warmup", 40);
    List<SocialPost> posts = BenchPosts.generate(warmup + count, 20261124L);
    ObjectNode result = JsonReader.mapper().createObjectNode();
    result.put("mode", mode);
    result.put("parser", settings.parser().name());
    result.put("posts", count);
    result.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    result.put("baselineLiveHeapMiB", HeapSampler.liveMiB());
    try (HeapSampler heap = new HeapSampler()) {
      if (mode.equals("corenlp")) {
        int threads = args.integer("threads", 1);
        if (threads > 1) {
          result.put("threads", threads);
        }
        coreNlpAlone(
            settings,
            threads,
            posts.subList(0, warmup),
            posts.subList(warmup, posts.size()),
            result);
      } else if (mode.equals("spark")) {
        int cores = args.integer("cores", 1);
        int partitions = args.integer("shuffle-partitions", cores);
        result.put("cores", cores);
        result.put("shufflePartitions", partitions);
        sparkScoring(
            settings,
            cores,
            partitions,
            posts.subList(0, warmup),
            posts.subList(warmup, posts.size()),
            result);
      } else {
        throw new IllegalArgumentException("--mode must be corenlp or spark");
      }
      result.put("peakHeapMiB", heap.peakMiB());
    }
    String line = JsonReader.mapper().writeValueAsString(result);
    System.out.println("RESULT " + line);
    Path out = Path.of(args.string("out", "target/sentiment-results.jsonl"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.exit(0);
  }

  /**
   * CoreNLP without Spark on {@code threads} threads, each with its own pipeline, the timed posts
   * dealt out in turn; on one thread also each fixture sentence's class (agreement data).
   */
  private static void coreNlpAlone(
      ScorerSettings settings,
      int threads,
      List<SocialPost> warmup,
      List<SocialPost> timed,
      ObjectNode result)
      throws Exception {
    List<StanfordCoreNLP> pipelines = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      pipelines.add(new StanfordCoreNLP(settings.properties()));
    }
    result.put("loadMillis", (System.nanoTime() - t0) / 1_000_000);
    result.put("modelLiveHeapMiB", HeapSampler.liveMiB());
    for (StanfordCoreNLP pipeline : pipelines) {
      for (SocialPost p : warmup) {
        annotate(pipeline, p.text());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> parts = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int first = t;
        StanfordCoreNLP pipeline = pipelines.get(t);
        parts.add(
            pool.submit(
                () -> {
                  long sentences = 0;
                  for (int i = first; i < timed.size(); i += threads) {
                    sentences += annotate(pipeline, timed.get(i).text()).size();
                  }
                  return sentences;
                }));
      }
      long sentences = 0;
      for (Future<Long> part : parts) {
        sentences += part.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      result.put("seconds", seconds);
      result.put("sentences", sentences);
      result.put("postsPerSecond", timed.size() / seconds);
      result.put("sentencesPerSecond", sentences / seconds);
    } finally {
      pool.shutdown();
    }
    if (threads > 1) {
      return;
    }
    // Agreement data: each fixture sentence's class under this parser.
    var classes = result.putArray("fixtureClasses");
    int correct = 0;
    for (LabelledSentences.Sentence s : LabelledSentences.load()) {
      List<CoreMap> parsed = annotate(pipelines.get(0), s.text());
      int c =
          RNNCoreAnnotations.getPredictedClass(
              parsed.get(0).get(SentimentCoreAnnotations.SentimentAnnotatedTree.class));
      classes.add(c);
      if (s.polarity() == LabelledSentences.Polarity.POSITIVE ? c > 2 : c < 2) {
        correct++;
      }
    }
    result.put("fixtureCorrect", correct);
  }

  private static List<CoreMap> annotate(StanfordCoreNLP pipeline, String text) {
    Annotation annotation = new Annotation(text);
    pipeline.annotate(annotation);
    return annotation.get(CoreAnnotations.SentencesAnnotation.class);
  }

  private static void sparkScoring(
      ScorerSettings settings,
      int cores,
      int partitions,
      List<SocialPost> warmup,
      List<SocialPost> timed,
      ObjectNode result)
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      for (String t : List.of("warm.posts", "warm.scored", "timed.posts", "timed.scored")) {
        kafka.createTopic(t, 2, false);
      }
      kafka.send("warm.posts", records(warmup));
      kafka.send("timed.posts", records(timed));
      SparkSession spark =
          SparkSessions.create("sentiment-bench", "local[" + cores + "]", partitions);
      KafkaOptions options =
          new KafkaOptions(kafka.bootstrapServers(), Map.of(), "earliest", false, 0);
      Path checkpoints = Files.createTempDirectory("sentiment-bench");

      long t0 = System.nanoTime();
      runScoring(spark, options, settings, "warm", checkpoints);
      result.put("firstRunMillisInclModelLoad", (System.nanoTime() - t0) / 1_000_000);
      result.put("modelLiveHeapMiB", HeapSampler.liveMiB());

      long start = System.nanoTime();
      runScoring(spark, options, settings, "timed", checkpoints);
      double seconds = (System.nanoTime() - start) / 1e9;
      List<ConsumerRecord<String, byte[]>> scored = kafka.readAll("timed.scored");
      if (scored.size() != timed.size()) {
        throw new IllegalStateException(scored.size() + " scored of " + timed.size());
      }
      long sentences = 0;
      for (ConsumerRecord<String, byte[]> r : scored) {
        sentences += ScoredPost.decode(r.value()).sentences();
      }
      result.put("seconds", seconds);
      result.put("sentences", sentences);
      result.put("postsPerSecond", timed.size() / seconds);
      result.put("sentencesPerSecond", sentences / seconds);
      spark.stop();
    }
  }

  /** The scoring query of SocialSentiment, run once over everything in {@code name}.posts. */
  private static void runScoring(
      SparkSession spark,
      KafkaOptions kafka,
      ScorerSettings settings,
      String name,
      Path checkpoints)
      throws Exception {
    StreamingQuery q =
        SocialSentiment.toScoredPostRecords(
                SocialSentiment.score(
                    SocialSentiment.dropRedeliveries(
                        SocialPostDecoder.decode(kafka.readStream(spark, name + ".posts"))
                            .where("error IS NULL"),
                        Duration.ofMinutes(30)),
                    settings))
            .writeStream()
            .format("kafka")
            .options(kafka.sinkOptions(name + ".scored"))
            .trigger(Trigger.AvailableNow())
            .option("checkpointLocation", checkpoints.resolve(name).toString())
            .start();
    q.awaitTermination();
  }

  private static List<Map.Entry<String, byte[]>> records(List<SocialPost> posts) {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    for (SocialPost p : posts) {
      out.add(Map.entry(p.key(), SocialPostCodec.encode(p)));
    }
    return out;
  }
}
