package io.pulse.results;

import io.micronaut.context.annotation.Value;
import io.pulse.events.FraudAlert;
import io.pulse.events.FraudMinuteSummary;
import jakarta.inject.Singleton;

/** Fraud alerts by transaction time, and per-minute totals. */
@Singleton
public class FraudView {
  final TimeIndex<FraudAlert> alerts;
  final TimeIndex<FraudMinuteSummary> minutes;

  public FraudView(
      @Value("${pulse.results.max-alerts}") int maxAlerts,
      @Value("${pulse.results.max-windows}") int maxWindows) {
    this.alerts = new TimeIndex<>(maxAlerts);
    this.minutes = new TimeIndex<>(maxWindows);
  }

  public void upsert(FraudAlert alert, byte[] json) {
    alerts.upsert(FraudAlert.key(alert.transactionId()), alert.timestamp(), alert, json);
  }

  public void upsert(FraudMinuteSummary minute, byte[] json) {
    minutes.upsert(
        FraudMinuteSummary.key(minute.windowStart()), minute.windowStart(), minute, json);
  }
}
