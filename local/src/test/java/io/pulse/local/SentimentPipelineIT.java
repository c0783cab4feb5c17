package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import io.pulse.events.SentimentWindow;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialSource;
import io.pulse.jobs.sentiment.ScorerSettings;
import io.pulse.jobs.sentiment.SocialSentiment;
import io.pulse.jobs.sentiment.SocialSentimentOptions;
import io.pulse.simulator.social.SimulatedPost;
import io.pulse.simulator.social.SocialDelivery;
import io.pulse.simulator.social.SocialTrafficSimulator;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.SentimentGroundTruth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sentiment pipeline end to end: simulated Facebook, X and review deliveries -> social-ingest's
 * HTTP adapters (runnable jar, child JVM) -> Kafka -> SocialSentiment (Spark local[2] in this JVM,
 * the real CoreNLP models) -> results-service (runnable jar) -> HTTP. Windows and every post's
 * score equal CoreNLP run directly on the same texts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentimentPipelineIT {
  private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

  @TempDir static Path work;
  private static LocalCredentials credentials;

  private PipelineHarness pipeline;
  private EmbeddedKafka kafka;
  private SparkSession spark;

  @BeforeAll
  void startEverything() throws Exception {
    pipeline =
        PipelineHarness.start(
            "sentiment-pipeline-it", work, Components.SOCIAL_INGEST, Components.RESULTS_SERVICE);
    kafka = pipeline.kafka();
    spark = pipeline.spark();
  }

  @AfterAll
  void stopEverything() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void windowsAndScoresEqualCoreNlpOnTheSameTexts() throws Exception {
    // 40 minutes of posts (three 15-minute windows), delivered in 5-minute slices.
    SocialTrafficSimulator simulator = new SocialTrafficSimulator(1 / 30.0, START, 7L, "it");
    IngestClient client =
        new IngestClient(pipeline.uri(Components.SOCIAL_INGEST), pipeline.credentials());
    List<SimulatedPost> sent = new ArrayList<>();
    for (Instant until = START.plus(Duration.ofMinutes(5));
        !until.isAfter(START.plus(Duration.ofMinutes(40)));
        until = until.plus(Duration.ofMinutes(5))) {
      for (SocialDelivery delivery : simulator.emitUntil(until)) {
        client.post(delivery.path(), delivery.body().getBytes(StandardCharsets.UTF_8));
        sent.addAll(delivery.posts());
      }
    }
    assertTrue(sent.size() >= 50, "enough posts: " + sent.size());
    assertTrue(sent.stream().map(SimulatedPost::source).distinct().count() == 3, "all three feeds");

    SocialSentimentOptions options =
        SocialSentimentOptions.parse(
            new String[] {
              "--kafka-bootstrap-servers",
              kafka.bootstrapServers(),
              "--checkpoint-location",
              work.resolve("checkpoints").toString(),
              "--trigger-interval",
              "1 second",
              "--shuffle-partitions",
              "2"
            },
            Map.of());
    List<StreamingQuery> queries = SocialSentiment.start(spark, options);
    for (StreamingQuery q : queries) {
      q.processAllAvailable();
    }
    for (StreamingQuery q : queries) {
      q.stop();
    }

    SentimentGroundTruth coreNlp =
        new SentimentGroundTruth(
            SentimentGroundTruth.PCFG, ScorerSettings.DEFAULT_MAX_SENTENCE_TOKENS);
    List<SocialPost> expectedPosts = new ArrayList<>();
    for (SimulatedPost p : sent) {
      expectedPosts.add(
          new SocialPost(
              SocialSource.parse(p.source(), "source"),
              p.id(),
              p.author(),
              p.text(),
              "en",
              p.createdAt(),
              p.product(),
              null));
    }
    Map<String, SentimentWindow> expected = coreNlp.windows(expectedPosts, Duration.ofMinutes(15));
    JsonHttp http =
        new JsonHttp(pipeline.uri(Components.RESULTS_SERVICE))
            .withBearer(pipeline.credentials().readToken());
    String want = render(expected);
    String got = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && !got.equals(want)) {
      Map<String, SentimentWindow> served = new TreeMap<>();
      for (String product : new String[] {"", "PulsePhone", "PulseBook", "PulseBuds"}) {
        String body =
            http.get(
                    "/v1/sentiment/windows?from=2026-11-02T00:00:00Z"
                        + (product.isEmpty() ? "" : "&product=" + product))
                .body();
        for (JsonNode w : JsonReader.parse(body.getBytes(StandardCharsets.UTF_8)).path("windows")) {
          SentimentWindow window =
              SentimentWindow.decode(w.toString().getBytes(StandardCharsets.UTF_8));
          served.put(window.key(), window);
        }
      }
      got = render(served);
      HttpProbe.sleep(Duration.ofMillis(500));
    }
    assertEquals(want, got, "GET /v1/sentiment/windows");

    // Each post's score, as served, is CoreNLP's own score of its text.
    String posts = http.get("/v1/sentiment/posts?limit=1000").body();
    int checked = 0;
    for (JsonNode p : JsonReader.parse(posts.getBytes(StandardCharsets.UTF_8)).path("posts")) {
      assertEquals(
          coreNlp.score(p.path("text").asText()), p.path("score").asDouble(), 1e-12, p.toString());
      checked++;
    }
    assertEquals(sent.size(), checked, "every post scored once");
  }

  /** One line per window, means rounded to 1e-9: the job and the test sum in different orders. */
  private static String render(Map<String, SentimentWindow> windows) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(windows)
        .forEach(
            (key, w) ->
                out.append(key)
                    .append(' ')
                    .append(w.posts())
                    .append(' ')
                    .append(String.format("%.9f", w.meanScore()))
                    .append(' ')
                    .append(w.histogram())
                    .append('\n'));
    return out.toString();
  }
}
