package io.pulse.socialingest;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialPostCodec;
import io.pulse.service.AcknowledgedPublisher;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;

/** The three adapters and the publisher: a payload is decoded whole, then published whole. */
@Singleton
public class SocialPostService {
  private final FacebookAdapter facebook;
  private final TwitterAdapter twitter;
  private final ReviewAdapter reviews;
  private final Producer<String, byte[]> producer;
  private final AcknowledgedPublisher publisher;
  private final String topic;

  public SocialPostService(
      SocialIngestConfig config,
      @KafkaClient("social-posts") Producer<String, byte[]> producer,
      AcknowledgedPublisher publisher,
      @Value("${pulse.topics.social-posts}") String topic) {
    Normalization normalization =
        new Normalization(
            Clock.systemUTC(),
            config.maxClockSkew(),
            new TrackedProducts(config.trackedProducts()));
    this.facebook = new FacebookAdapter(normalization);
    this.twitter = new TwitterAdapter(normalization);
    this.reviews = new ReviewAdapter(normalization);
    this.producer = producer;
    this.publisher = publisher;
    this.topic = topic;
  }

  public CompletableFuture<HttpResponse<?>> facebook(byte[] body) {
    return publish(facebook.decode(body));
  }

  public CompletableFuture<HttpResponse<?>> twitter(byte[] body) {
    return publish(twitter.decode(body));
  }

  public CompletableFuture<HttpResponse<?>> reviews(byte[] body) {
    return publish(reviews.decode(body));
  }

  private CompletableFuture<HttpResponse<?>> publish(List<SocialPost> posts) {
    // Keyed by source + source id: a redelivery lands on the same key and partition. A delivery
    // of reactions or likes only has no posts and is acknowledged, or Facebook retries it for days.
    return publisher.publish(
        producer, topic, posts, SocialPost::key, SocialPostCodec::encode, null);
  }
}
