package io.pulse.results;

/**
 * How much one answer of a range query may hold: a long range over a full view must not build a
 * response the size of the view. Beyond either bound the answer is cut and says where to go on.
 */
record AnswerCap(int maxEntries, long maxBytes) {
  AnswerCap {
    if (maxEntries < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("an answer must be able to hold something");
    }
  }

  AnswerCap withLimit(int limit) {
    return new AnswerCap(Math.min(limit, maxEntries), maxBytes);
  }
}
