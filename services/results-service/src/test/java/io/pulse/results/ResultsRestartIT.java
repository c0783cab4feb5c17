package io.pulse.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.events.FraudMinuteSummary;
import io.pulse.events.Pipeline;
import io.pulse.events.ScoredPost;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialSource;
import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A restarted results-service replays the compacted topics before it reports ready: the first
 * moment its readiness is UP, it answers exactly what it answered before the restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsRestartIT {
  private static final int MINUTES = 3000;
  private static final int POSTS = 1500;
  private static final List<String> QUERIES =
      List.of(
          "/v1/fraud/summary",
          "/v1/fraud/summary?from=2026-11-24T10:00:00Z&to=2026-11-24T12:00:00Z",
          "/v1/sentiment/posts?limit=1000",
          "/v1/sentiment/posts?source=reviews&limit=50",
          "/v1/commerce/status-counts");

  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @AfterAll
  void stop() {
    kafka.close();
  }

  @Test
  void isReadyOnlyOnceItAnswersWhatItAnsweredBeforeTheRestart() throws Exception {
    for (Pipeline pipeline : Pipeline.values()) {
      pipeline.resultTopics().forEach(t -> kafka.createTopic(t, 3, true));
    }
    kafka.createTopic(Topics.PIPELINE_STATUS, 1, true);
    Instant first = Instant.parse("2026-11-24T00:00:00Z");
    String text = "é".repeat(10_000);
    try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
      for (int i = 0; i < MINUTES; i++) {
        Instant start = first.plusSeconds(60L * i);
        producer.send(
            new ProducerRecord<>(
                Topics.FRAUD_SUMMARY,
                FraudMinuteSummary.key(start),
                FraudMinuteSummary.encode(
                    new FraudMinuteSummary(
                        start, start.plusSeconds(60), i, i % 7, BigDecimal.TEN, BigDecimal.ONE))));
      }
      for (int i = 0; i < POSTS; i++) {
        SocialPost post =
            new SocialPost(
                SocialSource.REVIEWS, "r-" + i, "a", text, "en", first.plusSeconds(i), null, 4);
        producer.send(
            new ProducerRecord<>(
                Topics.SCORED_POSTS, post.key(), ScoredPost.encode(new ScoredPost(post, 3, 3, 1))));
      }
      producer.flush();
    }

    Map<String, String> before = new TreeMap<>();
    try (ForkedResultsService service =
        ForkedResultsService.start("256m", kafka.bootstrapServers())) {
      service.await(() -> service.get("/health/readiness").statusCode() == 200, "first start");
      // Ready means caught up with what was there at start: everything was sent before.
      for (String query : QUERIES) {
        before.put(query, service.get(query).body());
      }
    }

    Map<String, String> after = new TreeMap<>();
    try (ForkedResultsService restarted =
        ForkedResultsService.start("256m", kafka.bootstrapServers())) {
      restarted.await(
          () -> restarted.get("/health/readiness").statusCode() == 200, "ready after restart");
      for (String query : QUERIES) {
        after.put(query, restarted.get(query).body());
      }
    }
    assertEquals(before, after);
    assertEquals(
        true,
        before.get("/v1/fraud/summary").contains("\"transactions\":" + (MINUTES - 1)),
        "the first answers were complete too");
  }
}
