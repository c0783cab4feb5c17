package io.pulse.socialingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialPostCodec;
import io.pulse.events.SocialSource;
import io.pulse.events.Topics;
import io.pulse.testsupport.AuthContract;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.JsonHttp;
import io.pulse.testsupport.TestCredentials;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * social-ingest against a real Kafka broker: each feed's real payload shape becomes the right posts
 * on social.posts, keyed by source + source id; anything wrong is a 4xx JSON error and publishes
 * nothing.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocialIngestIT implements TestPropertyProvider {
  private static final String APP_SECRET = "test-app-secret";
  private static final String VERIFY_TOKEN = "pulse-verify-me";

  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    kafka.createTopic(Topics.SOCIAL_POSTS, 3, false);
    return TestCredentials.withServiceProperties(
        Map.of(
            "kafka.bootstrap.servers",
            kafka.bootstrapServers(),
            "micronaut.server.port",
            "-1",
            "pulse.social-ingest.tracked-products",
            "Acme Phone,Zephyr,Acme Phone Pro",
            "pulse.social-ingest.facebook-app-secret",
            APP_SECRET,
            "pulse.social-ingest.facebook-verify-token",
            VERIFY_TOKEN));
  }

  @AfterAll
  void stopKafka() {
    kafka.close();
  }

  private JsonHttp http() {
    return new JsonHttp(server.getURI()).withBearer(TestCredentials.INGEST_TOKEN);
  }

  /** Facebook's real shape: two entries (pages), several changes each, most not about text. */
  private static final String FACEBOOK_DELIVERY =
      """
      {"object": "page",
       "entry": [
        {"id": "104857", "time": 1795515400,
         "changes": [
          {"field": "feed", "value": {"item": "post", "verb": "add", "post_id": "104857_9001",
            "message": "The new Acme Phone Pro is fantastic, the battery lasts for days.",
            "created_time": 1795515300, "published": 1,
            "from": {"id": "5551", "name": "Dana Smith"}}},
          {"field": "feed", "value": {"item": "reaction", "verb": "add", "reaction_type": "like",
            "post_id": "104857_9001", "created_time": 1795515310,
            "from": {"id": "5552", "name": "Lee Wong"}}},
          {"field": "feed", "value": {"item": "comment", "verb": "add",
            "comment_id": "9001_777", "post_id": "104857_9001", "parent_id": "104857_9001",
            "message": "Mine broke after a week. Terrible support from zephyr too.",
            "created_time": 1795515350, "from": {"id": "5553", "name": "Sam Patel"}}}
         ]},
        {"id": "200300", "time": 1795515500,
         "changes": [
          {"field": "feed", "value": {"item": "post", "verb": "remove", "post_id": "200300_1"}},
          {"field": "ratings", "value": {"item": "rating", "verb": "add", "rating": 5}},
          {"field": "feed", "value": {"item": "post", "verb": "edited", "post_id": "200300_2",
            "message": "Opening hours change on Sunday.",
            "created_time": "2026-11-24T08:50:00+0000"}}
         ]}
       ]}
      """;

  @Test
  void aFacebookDeliveryWithSeveralEntriesBecomesItsPostsAndComments() {
    Set<String> before = offsets();
    HttpResponse<String> response = postFacebook(FACEBOOK_DELIVERY, sign(FACEBOOK_DELIVERY));
    assertEquals(202, response.statusCode(), response.body());
    assertEquals("{\"accepted\":3}", response.body());

    Map<String, SocialPost> posts = postsSince(before);
    assertEquals(3, posts.size(), posts.toString());
    SocialPost post = posts.get("facebook|104857_9001");
    assertEquals("Dana Smith", post.author());
    assertEquals(Instant.ofEpochSecond(1795515300), post.createdAt());
    assertEquals("Acme Phone Pro", post.product(), "the longest tracked name that matches");
    assertTrue(post.text().startsWith("The new Acme Phone Pro is fantastic"));

    SocialPost comment = posts.get("facebook|9001_777");
    assertEquals("Sam Patel", comment.author());
    assertEquals("Zephyr", comment.product(), "matched case-insensitively, named as configured");

    SocialPost edited = posts.get("facebook|200300_2");
    assertNull(edited.author());
    assertNull(edited.product());
    assertEquals(Instant.parse("2026-11-24T08:50:00Z"), edited.createdAt());
  }

  @Test
  void aRedeliveredWebhookProducesTheSameKeys() {
    Set<String> before = offsets();
    assertEquals(202, postFacebook(FACEBOOK_DELIVERY, sign(FACEBOOK_DELIVERY)).statusCode());
    assertEquals(202, postFacebook(FACEBOOK_DELIVERY, sign(FACEBOOK_DELIVERY)).statusCode());
    List<String> keys = since(before).stream().map(r -> r.key()).toList();
    assertEquals(6, keys.size());
    assertEquals(3, keys.stream().distinct().count(), "each post twice, under one key: " + keys);
  }

  @Test
  void aDeliveryWithoutTextIsAcknowledgedWithACountOfZero() {
    String reactions =
        """
        {"object": "page", "entry": [{"id": "104857", "time": 1795515400, "changes": [
          {"field": "feed", "value": {"item": "reaction", "verb": "add", "post_id": "104857_9001",
            "reaction_type": "love", "created_time": 1795515310}},
          {"field": "feed", "value": {"item": "share", "verb": "add", "post_id": "104857_9002",
            "created_time": 1795515311}},
          {"field": "name", "value": "Acme Store"}]}]}
        """;
    Set<String> before = offsets();
    HttpResponse<String> response = postFacebook(reactions, sign(reactions));
    assertEquals(202, response.statusCode(), response.body());
    assertEquals("{\"accepted\":0}", response.body());
    assertEquals(List.of(), since(before));
  }

  @Test
  void aWrongOrMissingSignatureIsRejectedAndPublishesNothing() {
    Set<String> before = offsets();
    HttpResponse<String> forged =
        postFacebook(FACEBOOK_DELIVERY, sign(FACEBOOK_DELIVERY.replace("fantastic", "awful")));
    assertEquals(403, forged.statusCode(), forged.body());
    assertEquals("X-Hub-Signature-256", JsonHttp.parseObject(forged.body()).get("field"));

    HttpResponse<String> otherSecret =
        postFacebook(FACEBOOK_DELIVERY, hmac("not-the-secret", FACEBOOK_DELIVERY));
    assertEquals(403, otherSecret.statusCode(), otherSecret.body());

    HttpResponse<String> garbage = postFacebook(FACEBOOK_DELIVERY, "sha256=zz");
    assertEquals(403, garbage.statusCode(), garbage.body());

    HttpResponse<String> missing = postFacebook(FACEBOOK_DELIVERY, null);
    assertEquals(401, missing.statusCode(), missing.body());
    assertTrue(JsonHttp.parseObject(missing.body()).containsKey("error"));

    assertEquals(List.of(), since(before), "nothing reached Kafka");
  }

  @Test
  void answersTheSubscriptionHandshakeOnlyWithTheVerifyToken() {
    HttpResponse<String> ok =
        http()
            .get(
                "/v1/social/facebook?hub.mode=subscribe&hub.verify_token="
                    + VERIFY_TOKEN
                    + "&hub.challenge=1158201444");
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("1158201444", ok.body());

    HttpResponse<String> wrong =
        http()
            .get(
                "/v1/social/facebook?hub.mode=subscribe&hub.verify_token=guess"
                    + "&hub.challenge=1158201444");
    assertEquals(403, wrong.statusCode(), wrong.body());
    assertEquals("hub.verify_token", JsonHttp.parseObject(wrong.body()).get("field"));

    HttpResponse<String> noMode = http().get("/v1/social/facebook?hub.challenge=1");
    assertEquals(400, noMode.statusCode(), noMode.body());
  }

  @Test
  void anXPayloadWithAnArrayBecomesOnePostPerTweetWithUsernames() {
    String payload =
        """
        {"data": [
          {"id": "1861000000000000001", "text": "Loving my Zephyr headphones, superb sound!",
           "created_at": "2026-11-24T10:15:03.000Z", "author_id": "2244994945", "lang": "en",
           "edit_history_tweet_ids": ["1861000000000000001"]},
          {"id": "1861000000000000002", "text": "The Acme Phone camera is disappointing...",
           "note_tweet": {"text": "The Acme Phone camera is disappointing. Photos are blurry at night."},
           "created_at": "2026-11-24T10:16:00.000Z", "author_id": "783214", "lang": "en"},
          {"id": "1861000000000000003", "text": "Qué día tan bonito",
           "created_at": "2026-11-24T10:17:00.000Z", "author_id": "999", "lang": "es"}
         ],
         "includes": {"users": [
           {"id": "2244994945", "name": "X Dev", "username": "XDevelopers"},
           {"id": "783214", "name": "X", "username": "X"}]},
         "meta": {"result_count": 3, "newest_id": "1861000000000000003"}}
        """;
    Set<String> before = offsets();
    HttpResponse<String> response = http().post("/v1/social/twitter", payload);
    assertEquals(202, response.statusCode(), response.body());
    assertEquals("{\"accepted\":3}", response.body());

    Map<String, SocialPost> posts = postsSince(before);
    SocialPost first = posts.get("twitter|1861000000000000001");
    assertEquals(SocialSource.TWITTER, first.source());
    assertEquals("XDevelopers", first.author());
    assertEquals("en", first.language());
    assertEquals("Zephyr", first.product());
    assertEquals(Instant.parse("2026-11-24T10:15:03Z"), first.createdAt());
    SocialPost second = posts.get("twitter|1861000000000000002");
    assertEquals(
        "The Acme Phone camera is disappointing. Photos are blurry at night.",
        second.text(),
        "a long post's full text");
    assertEquals("Acme Phone", second.product());
    SocialPost third = posts.get("twitter|1861000000000000003");
    assertEquals("999", third.author(), "no username given: the author id");
    assertEquals("es", third.language());
    assertNull(third.product());
  }

  @Test
  void anXPayloadWithOneObjectBecomesOnePost() {
    String payload =
        """
        {"data": {"id": "1861000000000000010", "text": "Zephyr support solved it in minutes.",
                  "author_id": "42", "lang": "en", "created_at": "2026-11-24T10:20:00Z"},
         "matching_rules": [{"id": "1", "tag": "brands"}]}
        """;
    Set<String> before = offsets();
    HttpResponse<String> response = http().post("/v1/social/twitter", payload);
    assertEquals(202, response.statusCode(), response.body());
    Map<String, SocialPost> posts = postsSince(before);
    assertEquals(List.of("twitter|1861000000000000010"), List.copyOf(posts.keySet()));
  }

  @Test
  void aReviewBatchBecomesPostsAboutTheReviewedProducts() {
    String batch =
        """
        [{"reviewId": "r-1001", "productId": "p-9", "rating": 5, "title": "Excellent blender",
          "body": "It crushes ice in seconds and is easy to clean.", "author": "Maria",
          "submittedAt": "2026-11-24T09:58:00Z"},
         {"reviewId": "r-1002", "productId": "p-2", "rating": 1, "title": "Broken on arrival!",
          "body": "The lid was cracked and the motor smells burnt.", "author": "Tom",
          "submittedAt": "2026-11-24T10:01:00Z"},
         {"reviewId": "r-1003", "productId": "p-9", "rating": 3,
          "body": "Does the job."}]
        """;
    Set<String> before = offsets();
    HttpResponse<String> response = http().post("/v1/social/reviews", batch);
    assertEquals(202, response.statusCode(), response.body());
    assertEquals("{\"accepted\":3}", response.body());

    Map<String, SocialPost> posts = postsSince(before);
    SocialPost good = posts.get("reviews|r-1001");
    assertEquals("Excellent blender. It crushes ice in seconds and is easy to clean.", good.text());
    assertEquals("p-9", good.product());
    assertEquals(5, good.rating());
    assertEquals("Maria", good.author());
    assertEquals(Instant.parse("2026-11-24T09:58:00Z"), good.createdAt());
    SocialPost bad = posts.get("reviews|r-1002");
    assertEquals("Broken on arrival! The lid was cracked and the motor smells burnt.", bad.text());
    SocialPost bare = posts.get("reviews|r-1003");
    assertEquals("Does the job.", bare.text());
    assertNull(bare.author());
    assertTrue(bare.createdAt().isAfter(good.createdAt()), "no submittedAt: time of receipt");
  }

  static Stream<Arguments> badRequests() {
    String review = "{\"reviewId\":\"r\",\"productId\":\"p\",\"rating\":4,\"body\":\"Good.\"}";
    String tweet = "{\"id\":\"1\",\"text\":\"ok\"}";
    return Stream.of(
        Arguments.of("facebook", "{\"object\": \"page\",", 400, "malformed JSON", null),
        Arguments.of("facebook", "[]", 400, "expected a webhook delivery object", "$"),
        Arguments.of(
            "facebook",
            "{\"object\":\"instagram\",\"entry\":[]}",
            400,
            "object must be \"page\"",
            "$.object"),
        Arguments.of("facebook", "{\"object\":\"page\"}", 400, "entry is required", "$.entry"),
        Arguments.of(
            "facebook",
            "{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"feed\","
                + "\"value\":{\"item\":\"post\",\"verb\":\"add\",\"message\":\"hi\"}}]}]}",
            400,
            "post_id is required",
            "$.entry[0].changes[0].value.post_id"),
        Arguments.of(
            "facebook",
            "{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"feed\","
                + "\"value\":{\"item\":\"comment\",\"comment_id\":\"c\",\"message\":\"hi\","
                + "\"created_time\":\"last week\"}}]}]}",
            400,
            "neither Unix seconds nor ISO-8601",
            "$.entry[0].changes[0].value.created_time"),
        Arguments.of("twitter", "{\"meta\":{}}", 400, "data is required", "$.data"),
        Arguments.of("twitter", "{\"data\":\"hello\"}", 400, "data must be", "$.data"),
        Arguments.of(
            "twitter",
            "{\"data\":[" + tweet + ",{\"id\":\"2\",\"text\":\"  \"}]}",
            400,
            "text must not be blank",
            "$.data[1].text"),
        Arguments.of(
            "twitter",
            "{\"data\":{\"id\":1861,\"text\":\"hi\"}}",
            400,
            "id must be a string",
            "$.data.id"),
        Arguments.of(
            "twitter",
            "{\"data\":{\"id\":\"1\",\"text\":\"hi\",\"created_at\":\"2999-01-01T00:00:00Z\"}}",
            400,
            "in the future",
            "$.data.created_at"),
        Arguments.of(
            "twitter",
            "{\"data\":{\"id\":\"1\",\"text\":\"hi\",\"lang\":\"not a language\"}}",
            400,
            "not a language tag",
            "$.data.lang"),
        Arguments.of("reviews", "[]", 400, "empty batch", "$"),
        Arguments.of(
            "reviews",
            "["
                + review
                + ",{\"reviewId\":\"r2\",\"productId\":\"p\",\"rating\":6,\"body\":\"x\"}]",
            400,
            "from 1 to 5",
            "$[1].rating"),
        Arguments.of(
            "reviews",
            "{\"reviewId\":\"r\",\"productId\":\"p\",\"body\":\"x\"}",
            400,
            "rating is required",
            "$.rating"),
        Arguments.of(
            "reviews",
            "{\"reviewId\":\"r\",\"rating\":2,\"body\":\"x\"}",
            400,
            "productId is required",
            "$.productId"),
        Arguments.of(
            "reviews",
            "{\"reviewId\":\"r\",\"productId\":\"p\",\"rating\":2}",
            400,
            "body is required",
            "$.body"),
        Arguments.of(
            "reviews",
            "{\"reviewId\":\"r\",\"productId\":\"p\",\"rating\":2,\"body\":\""
                + "a".repeat(10_001)
                + "\"}",
            400,
            "over the limit of 10000",
            "$.body"),
        Arguments.of(
            "reviews",
            "[" + (review + ",").repeat(1_000) + review + "]",
            400,
            "over the limit",
            "$"));
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("badRequests")
  void rejectsBadInputWithAJsonErrorAndPublishesNothing(
      String feed, String body, int status, String message, String field) {
    Set<String> before = offsets();
    HttpResponse<String> response =
        feed.equals("facebook")
            ? postFacebook(body, sign(body))
            : http().post("/v1/social/" + feed, body);
    assertEquals(status, response.statusCode(), response.body());
    Map<String, Object> error = JsonHttp.parseObject(response.body());
    assertTrue(((String) error.get("error")).contains(message), response.body());
    assertTrue(error.containsKey("field"), "the error names its field: " + response.body());
    assertEquals(field, error.get("field"));
    assertEquals(List.of(), since(before), "nothing reached Kafka");
  }

  @Test
  void rejectsANonJsonContentType() {
    HttpResponse<String> response =
        http().post("/v1/social/reviews", "reviewId=1", "application/x-www-form-urlencoded");
    assertEquals(415, response.statusCode(), response.body());
    assertTrue(JsonHttp.parseObject(response.body()).containsKey("error"), response.body());
  }

  /** Where every record now on the topic is: records are in partition order, not send order. */
  private Set<String> offsets() {
    return kafka.readAll(Topics.SOCIAL_POSTS).stream()
        .map(r -> r.partition() + "@" + r.offset())
        .collect(Collectors.toSet());
  }

  private List<ConsumerRecord<String, byte[]>> since(Set<String> before) {
    return kafka.readAll(Topics.SOCIAL_POSTS).stream()
        .filter(r -> !before.contains(r.partition() + "@" + r.offset()))
        .toList();
  }

  private Map<String, SocialPost> postsSince(Set<String> before) {
    Map<String, SocialPost> posts = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : since(before)) {
      SocialPost post = SocialPostCodec.decodeStored(r.value());
      assertEquals(post.key(), r.key(), "keyed by source + source id");
      posts.put(r.key(), post);
    }
    return posts;
  }

  private HttpResponse<String> postFacebook(String body, String signature) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.getURI() + "/v1/social/facebook"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Hub-Signature-256", signature);
    }
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String sign(String body) {
    return hmac(APP_SECRET, body);
  }

  /** Signed here as Facebook documents it, independently of the service's own code. */
  private static String hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void servesHealthAndPrometheusMetricsThatCountPublishedPosts() {
    http()
        .post(
            "/v1/social/reviews",
            "{\"reviewId\":\"metrics-1\",\"productId\":\"p\",\"rating\":5,\"body\":\"Great.\"}");
    assertEquals(200, http().get("/health").statusCode());
    String metrics = http().get("/prometheus").body();
    assertTrue(
        metrics.contains("pulse_ingest_published_records_total{topic=\"social.posts\"}"), metrics);
  }

  private static final String REVIEW =
      "{\"reviewId\":\"auth-1\",\"productId\":\"p\",\"rating\":4,\"body\":\"Good.\"}";
  private static final String TWEET =
      "{\"data\":{\"id\":\"auth-1\",\"text\":\"Good.\",\"created_at\":\"2026-11-24T10:20:00Z\"}}";

  @Test
  void onlyTheIngestTokenPublishesTweetsAndReviews() {
    JsonHttp anonymous = new JsonHttp(server.getURI());
    Set<String> before = offsets();
    AuthContract.assertRefused(
        anonymous,
        new AuthContract.Endpoint("/v1/social/reviews", REVIEW),
        TestCredentials.READ_TOKEN);
    AuthContract.assertRefused(
        anonymous,
        new AuthContract.Endpoint("/v1/social/twitter", TWEET),
        TestCredentials.READ_TOKEN);
    assertEquals(List.of(), since(before), "a refused request publishes nothing");
    assertEquals(202, http().post("/v1/social/reviews", REVIEW).statusCode());
    assertEquals(202, http().post("/v1/social/twitter", TWEET).statusCode());
  }

  @Test
  void facebookNeedsTheSignatureNotABearerToken() {
    HttpResponse<String> tokenOnly = http().post("/v1/social/facebook", FACEBOOK_DELIVERY);
    assertEquals(
        401, tokenOnly.statusCode(), "a bearer token is no signature: " + tokenOnly.body());
    double invalid = AuthContract.failuresCounted(http(), "invalid");
    assertEquals(
        403,
        postFacebook(FACEBOOK_DELIVERY, hmac("not-the-secret", FACEBOOK_DELIVERY)).statusCode());
    assertTrue(AuthContract.failuresCounted(http(), "invalid") > invalid, "counted");
  }

  @Test
  void probesAreOpenAndHealthDetailsNeedAToken() {
    AuthContract.assertProbesOpenAndHealthDetailsPrivate(
        new JsonHttp(server.getURI()), TestCredentials.INGEST_TOKEN);
  }

  @Test
  void withoutAnAppSecretEveryFacebookDeliveryIsRefused() {
    Map<String, Object> properties =
        new java.util.HashMap<>(
            TestCredentials.withServiceProperties(
                Map.of(
                    "kafka.bootstrap.servers",
                    kafka.bootstrapServers(),
                    "micronaut.server.port",
                    "-1")));
    properties.put("pulse.social-ingest.facebook-app-secret", "");
    try (EmbeddedServer closed =
        io.micronaut.context.ApplicationContext.run(EmbeddedServer.class, properties)) {
      JsonHttp http = new JsonHttp(closed.getURI());
      Set<String> before = offsets();
      HttpResponse<String> unsigned = http.post("/v1/social/facebook", FACEBOOK_DELIVERY);
      assertEquals(401, unsigned.statusCode(), unsigned.body());
      for (String secret : List.of(APP_SECRET, "anything")) {
        HttpResponse<String> signed =
            http.send(
                http.request("/v1/social/facebook")
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Signature-256", hmac(secret, FACEBOOK_DELIVERY))
                    .POST(HttpRequest.BodyPublishers.ofString(FACEBOOK_DELIVERY))
                    .build());
        assertEquals(403, signed.statusCode(), "signed with '" + secret + "': " + signed.body());
        assertTrue(JsonHttp.parseObject(signed.body()).containsKey("error"));
      }
      assertEquals(List.of(), since(before), "nothing reached Kafka");
    }
  }
}
