package io.pulse.jobs.sentiment;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CoreNLP pipeline per settings per JVM, built on first use. Loading takes seconds and hundreds
 * of MB, so it must happen once per executor, not per record, partition or micro-batch; Spark gives
 * no executor-lifetime hook, so this is the one static, mutable holder in the jobs, and it only
 * ever grows by the handful of settings a JVM uses.
 */
public final class CoreNlpScorers {
  private static final Logger LOG = LoggerFactory.getLogger(CoreNlpScorers.class);
  private static final ConcurrentMap<ScorerSettings, CoreNlpScorer> LOADED =
      new ConcurrentHashMap<>();

  private CoreNlpScorers() {}

  /** The scorer for {@code settings}, loading it if this JVM has not yet. */
  public static CoreNlpScorer get(ScorerSettings settings) {
    return LOADED.computeIfAbsent(
        settings,
        s -> {
          CoreNlpScorer scorer = new CoreNlpScorer(s);
          LOG.info("CoreNLP pipeline {} loaded in {} ms", s, scorer.loadMillis());
          return scorer;
        });
  }
}
