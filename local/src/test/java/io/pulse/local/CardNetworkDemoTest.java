package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.events.BankTransaction;
import io.pulse.events.FraudLabel;
import io.pulse.events.FraudLabelCodec;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransaction;
import io.pulse.simulator.fraud.SimulatedTransactions;
import io.pulse.simulator.fraud.TransactionSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CardNetworkDemoTest {
  private static final Instant NOW = Instant.parse("2026-11-26T18:00:00.123Z");
  private static final SimulatedTransactions SIMULATED =
      TransactionSimulator.generate(FraudSimulationOptions.of(200, 400, 40, 7));

  private static CardNetworkDemo demo() {
    return new CardNetworkDemo(SIMULATED, 30, NOW, Duration.ofMinutes(1), "run");
  }

  @Test
  void historyIsTheFirstDaysShiftedToEndNowInOrder() {
    List<BankTransaction> history = demo().history().transactions();
    long expected = SIMULATED.asList().stream().filter(t -> t.day() < 30).count();
    assertEquals(expected, history.size());
    Instant start = NOW.minus(Duration.ofDays(30));
    Instant previous = start;
    for (int i = 0; i < history.size(); i++) {
      BankTransaction tx = history.get(i);
      SimulatedTransaction t = SIMULATED.get(i);
      assertFalse(tx.timestamp().isBefore(previous), "sorted by time");
      assertTrue(tx.timestamp().isBefore(NOW), "history ends before now");
      assertEquals(
          Duration.between(SIMULATED.start(), t.datetime()),
          Duration.between(start, tx.timestamp()),
          "same offset from the history's start");
      assertEquals(Integer.toString(t.customerId()), tx.customerId());
      assertEquals(t.amount(), tx.amount());
      previous = tx.timestamp();
    }
  }

  @Test
  void historyLabelsAreTheOnesAWeekOldWithTheSimulatedOutcome() {
    CardNetworkDemo.Batch history = demo().history();
    Map<String, Boolean> fraudById = new HashMap<>();
    long old = 0;
    for (int i = 0; i < history.transactions().size(); i++) {
      BankTransaction tx = history.transactions().get(i);
      fraudById.put(tx.transactionId(), SIMULATED.get(i).fraud());
      if (!tx.timestamp().plus(CardNetworkDemo.HISTORY_LABEL_DELAY).isAfter(NOW)) {
        old++;
      }
    }
    assertEquals(old, history.labels().size());
    long frauds = 0;
    for (CardNetworkDemo.Label label : history.labels()) {
      assertEquals(fraudById.get(label.transactionId()), label.fraud());
      assertEquals(label.timestamp().plus(CardNetworkDemo.HISTORY_LABEL_DELAY), label.labelledAt());
      frauds += label.fraud() ? 1 : 0;
    }
    assertTrue(frauds > 0, "the simulated history has frauds to label");
  }

  @Test
  void theGatewayAcceptsTheLabelsAsSent() {
    CardNetworkDemo demo = demo();
    List<CardNetworkDemo.Label> labels = demo.history().labels().subList(0, 50);
    List<FraudLabel> decoded =
        new FraudLabelCodec(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5))
            .decodeRequest(TrafficSimulator.TransactionStream.labelsBody(labels));
    assertEquals(labels.size(), decoded.size());
    for (int i = 0; i < labels.size(); i++) {
      CardNetworkDemo.Label sent = labels.get(i);
      FraudLabel got = decoded.get(i);
      assertEquals(sent.transactionId(), got.transactionId());
      assertEquals(sent.terminalId(), got.terminalId());
      assertEquals(sent.timestamp(), got.timestamp());
      assertEquals(sent.fraud(), got.fraud());
      assertEquals(sent.labelledAt(), got.labelledAt());
      assertEquals(CardNetworkDemo.LABEL_SOURCE, got.source());
    }
  }

  @Test
  void liveTransactionsKeepTheRateAndAreLabelledAfterTheDelay() {
    CardNetworkDemo demo = demo();
    Set<String> ids = new HashSet<>();
    demo.history().transactions().forEach(tx -> ids.add(tx.transactionId()));
    Instant tenSeconds = NOW.plusSeconds(10);
    CardNetworkDemo.Batch first = demo.due(tenSeconds, 5);
    assertEquals(50, first.transactions().size());
    assertTrue(first.labels().isEmpty(), "nothing is labelled before the delay");
    for (BankTransaction tx : first.transactions()) {
      assertEquals(tenSeconds.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), tx.timestamp());
      assertTrue(ids.add(tx.transactionId()), "ids unique across history and live");
    }
    assertEquals(0, demo.due(tenSeconds, 5).transactions().size(), "nothing sent twice");
    CardNetworkDemo.Batch later = demo.due(tenSeconds.plus(Duration.ofMinutes(1)), 5);
    assertEquals(300, later.transactions().size());
    assertEquals(
        first.transactions().stream().map(BankTransaction::transactionId).toList(),
        later.labels().stream().map(CardNetworkDemo.Label::transactionId).toList(),
        "the first batch's labels, once their minute has passed");
  }
}
