package io.pulse.simulator.social;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.events.JsonReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simulates the three social feeds: posts arrive as a Poisson process, each from Facebook (a page
 * webhook delivery), X (an API v2 payload) or the website's review form, about one of the shop's
 * products or about nothing in particular, with text whose polarity is known (clear praise or
 * complaint, or neutral statements), so a person watching the dashboard can tell whether the scores
 * make sense. Seeded: the same seed gives the same deliveries.
 */
public final class SocialTrafficSimulator {
  /** The products the shop tracks (social-ingest's tracked-products in the local runner). */
  public static final List<String> PRODUCTS = List.of("PulsePhone", "PulseBook", "PulseBuds");

  private static final String[][] TEXTS = {
    {
      "Terrible experience. The %s broke on the first day and support never answered.",
      "Worst purchase ever, the %s is a complete waste of money.",
    },
    {
      "The %s stopped charging after a week. Disappointed.",
      "I am not happy with the %s, the battery is weak and the screen scratches easily.",
    },
    {
      "I received the %s on Tuesday.", "The %s comes in a grey box with a cable.",
    },
    {
      "The %s works well and arrived quickly.", "Good value: the %s does what it promises.",
    },
    {
      "I absolutely love my %s, best purchase this year!",
      "The %s is wonderful, fast and beautiful. Highly recommended!",
    },
  };

  private final SplittableRandom random;
  private final double postsPerSecond;
  private final String runId;
  private Instant nextPostAt;
  private long posts;

  public SocialTrafficSimulator(double postsPerSecond, Instant start, long seed, String runId) {
    this.random = new SplittableRandom(seed);
    this.postsPerSecond = postsPerSecond;
    this.runId = runId;
    this.nextPostAt = start;
  }

  /** The deliveries of every post created up to {@code until}, one request per feed. */
  public List<SocialDelivery> emitUntil(Instant until) {
    List<SimulatedPost> facebook = new ArrayList<>();
    List<SimulatedPost> twitter = new ArrayList<>();
    List<SimulatedPost> reviews = new ArrayList<>();
    while (!nextPostAt.isAfter(until)) {
      double feed = random.nextDouble();
      String source = feed < 0.3 ? "facebook" : feed < 0.8 ? "twitter" : "reviews";
      SimulatedPost post = post(source, nextPostAt);
      (feed < 0.3 ? facebook : feed < 0.8 ? twitter : reviews).add(post);
      nextPostAt =
          nextPostAt.plusNanos((long) (-Math.log(1 - random.nextDouble()) / postsPerSecond * 1e9));
    }
    List<SocialDelivery> out = new ArrayList<>();
    if (!facebook.isEmpty()) {
      out.add(new SocialDelivery("/v1/social/facebook", facebook(facebook), facebook, until));
    }
    if (!twitter.isEmpty()) {
      out.add(new SocialDelivery("/v1/social/twitter", twitter(twitter), twitter, until));
    }
    if (!reviews.isEmpty()) {
      out.add(new SocialDelivery("/v1/social/reviews", reviews(reviews), reviews, until));
    }
    return out;
  }

  private SimulatedPost post(String source, Instant createdAt) {
    long n = ++posts;
    String product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
    int polarity = random.nextInt(5);
    String[] texts = TEXTS[polarity];
    String text = String.format(texts[random.nextInt(texts.length)], product);
    String author = "user" + random.nextInt(5000);
    return new SimulatedPost(
        source,
        runId + "-" + n,
        author,
        text,
        product,
        polarity,
        Instant.ofEpochSecond(createdAt.getEpochSecond()));
  }

  /** A Graph API page webhook delivery: one entry per post, field "feed", item "post". */
  private static String facebook(List<SimulatedPost> posts) {
    ObjectNode root = JsonReader.mapper().createObjectNode().put("object", "page");
    ArrayNode entries = root.putArray("entry");
    for (SimulatedPost p : posts) {
      ObjectNode entry =
          entries.addObject().put("id", "104857600").put("time", p.createdAt().getEpochSecond());
      ObjectNode value =
          entry.putArray("changes").addObject().put("field", "feed").putObject("value");
      value
          .put("item", "post")
          .put("verb", "add")
          .put("post_id", "104857600_" + p.id())
          .put("message", p.text())
          .put("created_time", p.createdAt().getEpochSecond());
      value.putObject("from").put("id", p.author()).put("name", p.author());
    }
    return root.toString();
  }

  /** An X API v2 payload: {@code data} array plus the authors in {@code includes.users}. */
  private static String twitter(List<SimulatedPost> posts) {
    ObjectNode root = JsonReader.mapper().createObjectNode();
    ArrayNode data = root.putArray("data");
    ArrayNode users = root.putObject("includes").putArray("users");
    for (SimulatedPost p : posts) {
      data.addObject()
          .put("id", p.id())
          .put("text", p.text())
          .put("author_id", "u" + p.author())
          .put("lang", "en")
          .put("created_at", p.createdAt().toString());
      users.addObject().put("id", "u" + p.author()).put("username", p.author());
    }
    return root.toString();
  }

  /** The review form: rating in line with the text's polarity; no title, the body is the text. */
  private static String reviews(List<SimulatedPost> posts) {
    ArrayNode root = JsonReader.mapper().createArrayNode();
    for (SimulatedPost p : posts) {
      root.addObject()
          .put("reviewId", p.id())
          .put("productId", p.product())
          .put("rating", p.polarity() + 1)
          .put("body", p.text())
          .put("author", p.author())
          .put("submittedAt", p.createdAt().toString());
    }
    return root.toString();
  }
}
