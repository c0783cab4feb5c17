package io.pulse.results;

import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/**
 * The bounds of the views and answers, from {@code pulse.results.*} (defaults in application.yml,
 * environment variables such as {@code PULSE_RESULTS_VIEWS_SCORED_POSTS_MAX_BYTES} override them).
 */
@Singleton
public class ViewLimits {
  private final Environment environment;

  public ViewLimits(Environment environment) {
    this.environment = environment;
  }

  /** {@code pulse.results.views.<name>.max-bytes}. */
  long maxBytes(String view) {
    return required("pulse.results.views." + view + ".max-bytes", Long.class);
  }

  /** {@code pulse.results.answer.max-entries} and {@code max-bytes}: one answer's cap. */
  AnswerCap answerCap() {
    return new AnswerCap(
        required("pulse.results.answer.max-entries", Integer.class),
        required("pulse.results.answer.max-bytes", Long.class));
  }

  private <T> T required(String key, Class<T> type) {
    return environment
        .getProperty(key, type)
        .orElseThrow(() -> new IllegalStateException(key + " is not configured"));
  }
}
