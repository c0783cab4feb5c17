package io.pulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sentiment of one event-time window of one source, over all products ({@code product} null) or
 * one tracked product, as SocialSentiment writes it to {@link Topics#SENTIMENT_WINDOWS}. Each
 * record holds the window's totals, so the newest record per key is the answer.
 *
 * @param posts posts in the window
 * @param meanScore mean post score on CoreNLP's 0..4 scale
 * @param histogram posts per class of {@link Sentiment}: [vneg, neg, neutral, pos, vpos]
 */
public record SentimentWindow(
    Instant windowStart,
    Instant windowEnd,
    SocialSource source,
    String product,
    long posts,
    double meanScore,
    List<Long> histogram) {

  public SentimentWindow {
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(source, "source");
    if (histogram.size() != Sentiment.CLASSES) {
      throw new IllegalArgumentException("histogram needs " + Sentiment.CLASSES + " classes");
    }
    histogram = List.copyOf(histogram);
  }

  public String key() {
    return key(windowStart, source.id(), product);
  }

  /**
   * Record key: pipeline + window + source + product, one record per group in a compacted topic.
   */
  public static String key(Instant windowStart, String source, String product) {
    return ResultKeys.sentimentWindow(windowStart, source, product);
  }

  public static byte[] encode(SentimentWindow w) {
    ObjectNode node = JsonReader.mapper().createObjectNode();
    node.put("windowStart", w.windowStart().toString());
    node.put("windowEnd", w.windowEnd().toString());
    node.put("source", w.source().id());
    if (w.product() != null) {
      node.put("product", w.product());
    }
    node.put("posts", w.posts());
    node.put("meanScore", w.meanScore());
    ArrayNode histogram = node.putArray("histogram");
    w.histogram().forEach(histogram::add);
    return SocialPostCodec.write(node);
  }

  public static SentimentWindow decode(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    String source = JsonReader.text(root, "source", "$");
    if (source == null) {
      throw new InvalidEventException("source is required", "$.source");
    }
    JsonNode histogramNode = root.path("histogram");
    if (!histogramNode.isArray() || histogramNode.size() != Sentiment.CLASSES) {
      throw new InvalidEventException(
          "histogram must be an array of " + Sentiment.CLASSES + " counts", "$.histogram");
    }
    List<Long> histogram = new ArrayList<>();
    for (int i = 0; i < Sentiment.CLASSES; i++) {
      JsonNode n = histogramNode.get(i);
      if (!n.canConvertToLong()) {
        throw new InvalidEventException(
            "histogram counts must be numbers", "$.histogram[" + i + "]");
      }
      histogram.add(n.longValue());
    }
    return new SentimentWindow(
        JsonReader.instant(root, "windowStart", "$"),
        JsonReader.instant(root, "windowEnd", "$"),
        SocialSource.parse(source, "$.source"),
        JsonReader.text(root, "product", "$"),
        number(root, "posts").longValue(),
        number(root, "meanScore").doubleValue(),
        histogram);
  }

  private static JsonNode number(JsonNode root, String name) {
    JsonNode n = root.get(name);
    if (n == null || !n.isNumber()) {
      throw new InvalidEventException(name + " must be a number", "$." + name);
    }
    return n;
  }
}
