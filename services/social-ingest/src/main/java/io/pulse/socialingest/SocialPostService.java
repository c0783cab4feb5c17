package io.pulse.socialingest;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialPostCodec;
import io.pulse.service.Accepted;
import io.pulse.service.AcknowledgedPublisher;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The three adapters and the publisher: a payload is decoded whole, then published whole. */
@Singleton
public class SocialPostService {
  private final FacebookAdapter facebook;
  private final TwitterAdapter twitter;
  private final ReviewAdapter reviews;
  private final SocialPostProducer producer;
  private final AcknowledgedPublisher publisher;
  private final String topic;

  public SocialPostService(
      SocialIngestConfig config,
      SocialPostProducer producer,
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
    if (posts.isEmpty()) {
      // A delivery of reactions or likes only: acknowledged, or Facebook retries it for days.
      return CompletableFuture.completedFuture(
          HttpResponse.status(HttpStatus.ACCEPTED).body(new Accepted(0)));
    }
    return publisher.publish(topic, posts, p -> producer.send(p.key(), SocialPostCodec.encode(p)));
  }
}
