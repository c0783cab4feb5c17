package io.pulse.results;

/** How range answers are capped, as the OpenAPI document tells clients. */
final class Paging {
  static final String OLDEST_FIRST =
      "One answer holds at most pulse.results.answer.max-entries entries and"
          + " pulse.results.answer.max-bytes bytes of JSON (defaults 5000 and 2 MiB). A longer range"
          + " is cut at a change of windowStart and the answer adds \"truncated\": true and"
          + " \"next\": an instant to pass as `from` (with the same `to`) for the following page;"
          + " pages neither repeat nor skip an entry.";

  static final String NEWEST_FIRST =
      "At most `limit` entries (default 100, at most 1000) and pulse.results.answer.max-bytes"
          + " bytes of JSON (default 2 MiB). When more match, the answer adds \"truncated\": true"
          + " and \"next\": an instant to pass as `to` (with the same `from`) for the following,"
          + " older page; pages neither repeat nor skip an entry.";

  private Paging() {}
}
