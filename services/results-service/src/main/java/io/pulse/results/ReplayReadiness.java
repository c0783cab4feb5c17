package io.pulse.results;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Not ready until the views hold what the results topics held at start: a restarted replica would
 * otherwise answer from half-replayed views (an empty or partial dashboard).
 */
@Singleton
@Readiness
public class ReplayReadiness implements HealthIndicator {
  private final ReplayProgress replay;

  public ReplayReadiness(ReplayProgress replay) {
    this.replay = replay;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Mono.just(
        HealthResult.builder(
                "results-replay", replay.caughtUp() ? HealthStatus.UP : HealthStatus.DOWN)
            .details(Map.of("recordsBehind", replay.behind()))
            .build());
  }
}
