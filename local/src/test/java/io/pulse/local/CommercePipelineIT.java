package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import io.pulse.events.OrderStatusWindow;
import io.pulse.events.Topics;
import io.pulse.jobs.PipelineStatusReporter;
import io.pulse.jobs.commerce.OrderStatusCounts;
import io.pulse.jobs.commerce.OrderStatusCountsOptions;
import io.pulse.simulator.OrderEmission;
import io.pulse.simulator.OrderLifecycleSimulator;
import io.pulse.simulator.OrderTrafficProfile;
import io.pulse.testsupport.CommerceWindows;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.OrderStatusGroundTruth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commerce pipeline end to end, every part real: simulated order traffic (out of order, late,
 * duplicated, malformed) -> order-ingest's HTTP API (its runnable jar, a child JVM) -> Kafka ->
 * OrderStatusCounts (Spark local[2], in this JVM, stopped and restarted from its checkpoint half
 * way) -> analytics.order-status-counts -> results-service (runnable jar, restarted too) -> HTTP.
 * Every window must equal the ground truth computed from the same traffic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommercePipelineIT {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration WATERMARK = Duration.ofMinutes(2);
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
            "commerce-pipeline-it", work, Components.ORDER_INGEST, Components.RESULTS_SERVICE);
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
  void countsEveryWindowExactlyThroughLateDuplicateAndMalformedEventsAndRestarts()
      throws Exception {
    List<List<OrderEmission>> phases = generateTrafficInOneMinutePhases();
    long events = phases.stream().mapToLong(List::size).sum();
    assertTrue(events >= 5000, "at least 5,000 sends, got " + events);
    Map<Instant, OrderStatusWindow> expected =
        OrderStatusGroundTruth.compute(phases, WINDOW, WATERMARK);
    assertTrue(expected.size() >= 10, "at least 10 minutes of event time");
    assertTrue(
        kinds(phases, OrderEmission.Kind.DELAYED) > 0
            && kinds(phases, OrderEmission.Kind.DUPLICATE) > 0);

    OrderTrafficSender sender =
        new OrderTrafficSender(pipeline.uri(Components.ORDER_INGEST), pipeline.credentials(), 200);
    OrderStatusCountsOptions options = jobOptions();
    PipelineStatusReporter reporter =
        new PipelineStatusReporter(
            OrderStatusCounts.COUNTS_QUERY,
            OrderStatusCounts.COUNTS_QUERY,
            options.streaming().kafka());
    spark.streams().addListener(reporter);
    List<StreamingQuery> queries = OrderStatusCounts.start(spark, options);
    int malformed = 0;
    for (int i = 0; i < phases.size(); i++) {
      sender.send(phases.get(i));
      if (i % 7 == 3) {
        malformed += sendMalformedRecords(i);
      }
      processAll(queries);
      if (i == phases.size() / 2) {
        // A restart in the middle of the stream: state and offsets come back from the checkpoint.
        for (StreamingQuery q : queries) {
          q.stop();
        }
        queries = OrderStatusCounts.start(spark, options);
      }
    }
    processAll(queries);
    assertEquals("RUNNING", awaitPipelineState("RUNNING"), "/v1/pipelines while the job runs");
    for (StreamingQuery q : queries) {
      q.stop();
    }
    assertEquals("STOPPED", awaitPipelineState("STOPPED"), "/v1/pipelines once it stopped");
    spark.streams().removeListener(reporter);
    reporter.close();

    assertEquals(
        CommerceWindows.render(expected),
        CommerceWindows.render(latestPerWindowOnTopic()),
        "analytics.order-status-counts");
    assertEquals(
        CommerceWindows.render(expected),
        awaitResultsServiceAnswer(expected),
        "GET /v1/commerce/status-counts");
    assertDeadLetters(malformed);

    // The view lives in Kafka, not in the service: a new process gives the same answer.
    pipeline.restart(Components.RESULTS_SERVICE);
    assertEquals(
        CommerceWindows.render(expected),
        awaitResultsServiceAnswer(expected),
        "after a results-service restart");
  }

  /** 3 orders/s for 10 minutes, sent in one-minute slices of send time until every send is out. */
  private List<List<OrderEmission>> generateTrafficInOneMinutePhases() {
    OrderLifecycleSimulator simulator =
        new OrderLifecycleSimulator(
            OrderTrafficProfile.realistic(3.0),
            START,
            START.plus(Duration.ofMinutes(10)),
            42L,
            "it");
    List<List<OrderEmission>> phases = new ArrayList<>();
    Instant until = START;
    while (!simulator.finished()) {
      until = until.plus(WINDOW);
      phases.add(simulator.emitUntil(until));
    }
    return phases;
  }

  private static long kinds(List<List<OrderEmission>> phases, OrderEmission.Kind kind) {
    return phases.stream().flatMap(List::stream).filter(e -> e.kind() == kind).count();
  }

  private OrderStatusCountsOptions jobOptions() {
    return OrderStatusCountsOptions.parse(
        new String[] {
          "--kafka-bootstrap-servers", kafka.bootstrapServers(),
          "--checkpoint-location", work.resolve("checkpoints").toString(),
          "--window-length", "1 minute",
          "--watermark-delay", "2 minutes",
          "--trigger-interval", "1 second",
          "--shuffle-partitions", "2"
        },
        Map.of());
  }

  /** Records a broken producer could write straight to Kafka, bypassing order-ingest. */
  private int sendMalformedRecords(int phase) {
    List<Map.Entry<String, byte[]>> bad =
        List.of(
            Map.entry("m-" + phase + "-json", "{\"orderId\": ".getBytes(StandardCharsets.UTF_8)),
            Map.entry(
                "m-" + phase + "-status",
                ("{\"eventId\":\"bad-"
                        + phase
                        + "\",\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"LOST\",\"eventTime\":\"2026-11-02T09:05:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8)),
            Map.entry(
                "m-" + phase + "-time",
                ("{\"eventId\":\"bad-t-"
                        + phase
                        + "\",\"orderId\":\"1\",\"productId\":\"p\",\"status\":\"SHIPPED\"}")
                    .getBytes(StandardCharsets.UTF_8)));
    kafka.send(Topics.ORDER_STATUS_EVENTS, bad);
    return bad.size();
  }

  private void assertDeadLetters(int malformed) {
    List<ConsumerRecord<String, byte[]>> dead =
        kafka.readAll(Topics.deadLetter(Topics.ORDER_STATUS_EVENTS));
    assertEquals(malformed, dead.size(), "every malformed record, once");
    for (ConsumerRecord<String, byte[]> r : dead) {
      JsonNode letter = JsonReader.parse(r.value());
      String reason = letter.path("error").asText();
      String expected =
          r.key().endsWith("-json")
              ? "malformed JSON"
              : r.key().endsWith("-status") ? "unknown status 'LOST'" : "eventTime is required";
      assertTrue(reason.contains(expected), r.key() + " -> " + letter);
      assertEquals(Topics.ORDER_STATUS_EVENTS, letter.path("topic").asText());
      assertTrue(letter.has("offset") && letter.has("value"), letter.toString());
    }
  }

  private Map<Instant, OrderStatusWindow> latestPerWindowOnTopic() {
    Map<Instant, OrderStatusWindow> latest = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : kafka.readAll(Topics.ORDER_STATUS_COUNTS)) {
      OrderStatusWindow w = OrderStatusWindow.decode(r.value());
      assertEquals(OrderStatusWindow.key(w.windowStart()), r.key());
      latest.put(w.windowStart(), w);
    }
    return latest;
  }

  /**
   * The state /v1/pipelines reports for the counting job once it is {@code wanted} (or after 30 s).
   */
  private String awaitPipelineState(String wanted) {
    JsonHttp http =
        new JsonHttp(pipeline.uri(Components.RESULTS_SERVICE))
            .withBearer(pipeline.credentials().readToken());
    String state = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !state.equals(wanted)) {
      for (JsonNode p :
          JsonReader.parse(http.get("/v1/pipelines").body().getBytes(StandardCharsets.UTF_8))
              .path("pipelines")) {
        if (p.path("name").asText().equals(OrderStatusCounts.COUNTS_QUERY)) {
          state = p.path("state").asText();
          assertTrue(p.hasNonNull("lastBatchAt"), p.toString());
        }
      }
      HttpProbe.sleep(Duration.ofMillis(300));
    }
    return state;
  }

  /** Polls results-service until it has caught up with Kafka (or 60 s pass), then its answer. */
  private String awaitResultsServiceAnswer(Map<Instant, OrderStatusWindow> expected) {
    JsonHttp http =
        new JsonHttp(pipeline.uri(Components.RESULTS_SERVICE))
            .withBearer(pipeline.credentials().readToken());
    String want = CommerceWindows.render(expected);
    String got = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      var response = http.get("/v1/commerce/status-counts");
      assertEquals(200, response.statusCode(), response.body());
      got = CommerceWindows.render(CommerceWindows.parse(response.body()));
      if (got.equals(want)) {
        return got;
      }
      HttpProbe.sleep(Duration.ofMillis(500));
    }
    return got;
  }

  /** One line per window: a failure shows exactly which windows differ. */
  private static void processAll(List<StreamingQuery> queries) throws TimeoutException {
    for (StreamingQuery q : queries) {
      q.processAllAvailable();
    }
  }
}
