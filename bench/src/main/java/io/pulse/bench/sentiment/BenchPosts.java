package io.pulse.bench.sentiment;

import io.pulse.events.SocialPost;
import io.pulse.events.SocialSource;
import io.pulse.testsupport.LabelledSentences;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The texts every configuration scores: posts of one to three sentences drawn, with a fixed seed,
 * from the labelled fixture and a few neutral sentences, so each run scores exactly the same words.
 */
final class BenchPosts {
  private static final List<String> NEUTRAL =
      List.of(
          "The store opens at nine on Saturday.",
          "I ordered the blue model last week.",
          "The parcel was delivered to my neighbour.",
          "Does anyone know if it works with the older charger?",
          "We are moving the event to the main hall.",
          "The update was installed this morning.");

  private BenchPosts() {}

  static List<SocialPost> generate(int count, long seed) {
    List<String> sentences = new ArrayList<>(NEUTRAL);
    LabelledSentences.load().forEach(s -> sentences.add(s.text()));
    Random random = new Random(seed);
    SocialSource[] sources = SocialSource.values();
    Instant start = Instant.parse("2026-11-24T10:00:00Z");
    List<SocialPost> posts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = 1 + random.nextInt(3);
      StringBuilder text = new StringBuilder();
      for (int k = 0; k < n; k++) {
        if (k > 0) {
          text.append(' ');
        }
        text.append(sentences.get(random.nextInt(sentences.size())));
      }
      posts.add(
          new SocialPost(
              sources[i % sources.length],
              "bench-" + i,
              "author-" + (i % 50),
              text.toString(),
              "en",
              start.plusSeconds(i % 3600),
              i % 4 == 0 ? "p-" + (i % 3) : null,
              null));
    }
    return posts;
  }
}
