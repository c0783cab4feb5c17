package io.pulse.events;

/** CoreNLP's five sentiment classes, in the order of its 0..4 scale and of every histogram. */
public enum Sentiment {
  VERY_NEGATIVE,
  NEGATIVE,
  NEUTRAL,
  POSITIVE,
  VERY_POSITIVE;

  public static final int CLASSES = values().length;

  /**
   * The class of a score on the 0..4 scale: the nearest class, halves rounded up (2.5 is positive),
   * as Spark's {@code round} and Java's {@code Math.round} both do.
   */
  public static int classOf(double score) {
    if (!(score >= 0 && score <= CLASSES - 1)) {
      throw new IllegalArgumentException("score " + score + " is outside 0..4");
    }
    return (int) Math.round(score);
  }
}
