package io.pulse.results;

/** The {@code limit} query parameter of the newest-first list endpoints. */
final class Limits {
  static final int DEFAULT = 100;
  static final int MAX = 1000;

  private Limits() {}

  static int of(Integer limit) {
    if (limit == null) {
      return DEFAULT;
    }
    if (limit < 1 || limit > MAX) {
      throw new QueryParameterException(
          "limit must be between 1 and " + MAX + ", got " + limit, "limit");
    }
    return limit;
  }
}
