package io.pulse.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.events.Pipeline;
import io.pulse.events.ScoredPost;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialSource;
import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * results-service in a JVM of its own under {@code -Xmx256m} (and {@code ExitOnOutOfMemoryError},
 * as the chart runs it), with its default view bounds, flooded through a real broker with about
 * three times more large scored posts than its view may hold, while slow live-stream clients that
 * never read hold every stream slot and long range queries run: it stays up, serves the newest
 * posts, keeps each view within its bytes, refuses the stream slot beyond the limit with a 503 and
 * drops the slow clients, which frees their slots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsFloodIT {
  private static final int MAX_SUBSCRIBERS = 8;
  private static final int POSTS = 5000;

  /** 10,000 two-byte characters: the longest text a post may have, about 20 KB of JSON. */
  private static final String TEXT = "é".repeat(10_000);

  private final EmbeddedKafka kafka = EmbeddedKafka.start();
  private ForkedResultsService service;
  private URI base;

  @BeforeAll
  void startServiceUnderASmallHeap() throws Exception {
    for (Pipeline pipeline : Pipeline.values()) {
      pipeline.resultTopics().forEach(t -> kafka.createTopic(t, 3, true));
    }
    kafka.createTopic(Topics.PIPELINE_STATUS, 1, true);
    service =
        ForkedResultsService.start(
            "256m",
            kafka.bootstrapServers(),
            "pulse.results.stream.max-subscribers=" + MAX_SUBSCRIBERS);
    base = service.base;
    awaitTrue(() -> get("/health/readiness").statusCode() == 200, "service ready");
  }

  @AfterAll
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    kafka.close();
  }

  @Test
  void staysUpAndServesTheNewestWithinItsBoundsUnderAFlood() throws Exception {
    // Every stream slot taken by a client that never reads (with a tiny receive window).
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < MAX_SUBSCRIBERS; i++) {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("localhost", base.getPort()));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /v1/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                  + "Authorization: Bearer "
                  + TestCredentials.READ_TOKEN
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      slow.add(socket);
    }
    awaitTrue(() -> metric("pulse_results_stream_subscribers") == MAX_SUBSCRIBERS, "slots taken");
    HttpResponse<String> refused = get("/v1/stream");
    assertEquals(503, refused.statusCode(), refused.body());
    assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    assertTrue(JsonHttp.parseObject(refused.body()).containsKey("error"), refused.body());

    // Long range queries all through the flood.
    AtomicInteger queries = new AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted() && failures.isEmpty()) {
                for (String path :
                    List.of(
                        "/v1/sentiment/posts?limit=1000",
                        "/v1/sentiment/posts?from=2000-01-01T00:00:00Z&limit=1000",
                        "/v1/sentiment/windows?from=2000-01-01T00:00:00Z",
                        "/v1/commerce/status-counts?from=2000-01-01T00:00:00Z")) {
                  try {
                    HttpResponse<String> r = get(path);
                    if (r.statusCode() != 200 || r.body().length() > 2_200_000) {
                      failures.add(path + " -> " + r.statusCode() + " " + r.body().length());
                    }
                    queries.incrementAndGet();
                  } catch (RuntimeException e) {
                    if (!Thread.currentThread().isInterrupted()) {
                      failures.add(path + " -> " + e);
                    }
                  }
                }
              }
            });
    reader.start();

    Instant first = Instant.parse("2026-11-24T00:00:00Z");
    try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
      for (int i = 0; i < POSTS; i++) {
        SocialPost post =
            new SocialPost(
                SocialSource.REVIEWS,
                "r-" + i,
                "flood",
                TEXT,
                "en",
                first.plusSeconds(i),
                "pulsephone",
                1);
        producer.send(
            new ProducerRecord<>(
                Topics.SCORED_POSTS,
                post.key(),
                ScoredPost.encode(new ScoredPost(post, 1.0, 1, 1))));
      }
      producer.flush();
    }
    String newest = "\"sourcePostId\":\"r-" + (POSTS - 1) + "\"";
    awaitTrue(() -> get("/v1/sentiment/posts?limit=3").body().contains(newest), "newest served");
    reader.interrupt();
    reader.join();

    assertTrue(service.isAlive(), "still running under -Xmx256m");
    assertTrue(failures.isEmpty(), failures.toString());
    assertTrue(queries.get() > 0);
    String posts = get("/v1/sentiment/posts?limit=3").body();
    assertTrue(
        posts.indexOf(newest) < posts.indexOf("\"sourcePostId\":\"r-" + (POSTS - 2) + "\""),
        "newest first");
    double held = metric("pulse_results_view_bytes{view=\"scored-posts\"}");
    assertTrue(held > 0 && held <= 33_554_432, "within max-bytes: " + held);
    assertTrue(metric("pulse_results_view_evicted_total{view=\"scored-posts\"}") > 0);
    assertEquals(
        "{\"posts\":[]}",
        get("/v1/sentiment/posts?to=" + first.plusSeconds(10)).body(),
        "the oldest posts were evicted, not the newest");
    double heap = metric("jvm_memory_used_bytes{area=\"heap\"");
    assertTrue(heap < 256L * 1024 * 1024, "heap " + heap);

    // The slow clients fell behind and were dropped, which freed their slots.
    awaitTrue(() -> metric("pulse_results_stream_dropped_total") >= MAX_SUBSCRIBERS, "dropped");
    awaitTrue(() -> metric("pulse_results_stream_subscribers") == 0, "slots freed");
    HttpResponse<java.io.InputStream> again =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/v1/stream"))
                    .header("Authorization", "Bearer " + TestCredentials.READ_TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, again.statusCode());
    again.body().close();
    for (Socket socket : slow) {
      socket.close();
    }
  }

  private HttpResponse<String> get(String path) {
    return service.get(path);
  }

  private double metric(String series) {
    return service.metric(series);
  }

  private void awaitTrue(java.util.function.BooleanSupplier done, String what) throws Exception {
    service.await(done, what);
  }
}
