package io.pulse.jobs;

import io.pulse.jobs.commerce.OrderStatusCounts;
import io.pulse.jobs.commerce.OrderStatusCountsOptions;
import io.pulse.jobs.fraud.FraudModelTrainer;
import io.pulse.jobs.fraud.FraudModelTrainerOptions;
import io.pulse.jobs.fraud.FraudScoring;
import io.pulse.jobs.fraud.FraudScoringOptions;
import io.pulse.jobs.sentiment.SocialSentiment;
import io.pulse.jobs.sentiment.SocialSentimentOptions;
import java.util.List;

/**
 * Every job in the jar with the options it reads: what the chart and the local runner may pass, and
 * what a test holds them to.
 */
public final class JobCatalog {
  private JobCatalog() {}

  public static List<JobSpec> jobs() {
    return List.of(
        new JobSpec(OrderStatusCounts.class, OrderStatusCountsOptions.OPTIONS),
        new JobSpec(SocialSentiment.class, SocialSentimentOptions.OPTIONS),
        new JobSpec(FraudScoring.class, FraudScoringOptions.OPTIONS),
        new JobSpec(FraudModelTrainer.class, FraudModelTrainerOptions.OPTIONS));
  }

  /** The job whose main class is {@code mainClass}. */
  public static JobSpec job(String mainClass) {
    return jobs().stream()
        .filter(j -> j.mainClass().equals(mainClass))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no job " + mainClass));
  }
}
