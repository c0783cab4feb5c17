package io.pulse.simulator.fraud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransactionSimulatorTest {
  /**
   * Mid-size: the book's density of customers and terminals (what the fraud shares depend on) over
   * 120 days, a quarter of a second to generate.
   */
  private static SimulatedTransactions mid;

  @BeforeAll
  static void generate() {
    mid = TransactionSimulator.generate(FraudSimulationOptions.of(5_000, 10_000, 120, 42));
  }

  @Test
  void sameOptionsGiveTheSameHistory() {
    var options = FraudSimulationOptions.of(300, 600, 40, 7);
    SimulatedTransactions a = TransactionSimulator.generate(options);
    SimulatedTransactions b = TransactionSimulator.generate(options);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i), b.get(i));
    }
    SimulatedTransactions other =
        TransactionSimulator.generate(FraudSimulationOptions.of(300, 600, 40, 8));
    assertFalse(a.size() == other.size() && a.get(0).equals(other.get(0)));
  }

  @Test
  void volumeIsTheBooksTwoTransactionsPerCustomerDay() {
    // E[U(0,4)] = 2 per day, minus the ~3.1 % of times drawn outside the day (|z| > 2.16), minus
    // customers with no terminal in reach (rare at the book's density).
    double perCustomerDay = mid.size() / (5_000.0 * 120);
    assertTrue(
        perCustomerDay > 1.85 && perCustomerDay < 2.05, "per customer-day " + perCustomerDay);
  }

  @Test
  void fraudShareAndScenarioMixMatchTheBook() {
    // The book (183 days): 0.84 % fraud; of the frauds about 7 % scenario 1, 62 % scenario 2,
    // 31 % scenario 3. 120 days have a relatively longer ramp-up of scenario 2's 28-day windows,
    // and scenario 2 varies with which terminals are drawn, hence the ranges.
    long[] counts = mid.scenarioCounts();
    double fraudShare = (double) mid.frauds() / mid.size();
    assertTrue(fraudShare > 0.0060 && fraudShare < 0.0105, "fraud share " + fraudShare);
    double frauds = mid.frauds();
    double s1 = counts[1] / frauds;
    double s2 = counts[2] / frauds;
    double s3 = counts[3] / frauds;
    assertTrue(s1 > 0.03 && s1 < 0.12, "scenario 1 share " + s1);
    assertTrue(s2 > 0.45 && s2 < 0.75, "scenario 2 share " + s2);
    assertTrue(s3 > 0.20 && s3 < 0.45, "scenario 3 share " + s3);
  }

  @Test
  void everyAmountOver220IsFraudAndScenarioOneIsExactlyThat() {
    for (int i = 0; i < mid.size(); i++) {
      if (mid.amountCents(i) > 22_000) {
        assertTrue(mid.fraud(i), "amount over 220 not fraud: " + mid.get(i));
      }
      if (mid.fraudScenario(i) == 1) {
        assertTrue(mid.amountCents(i) > 22_000, "scenario 1 at or under 220: " + mid.get(i));
      }
    }
  }

  @Test
  void scenarioTwoMarksWholeTerminalsAndScenarioThreeMultipliesAmounts() {
    // A terminal compromised on day d has every transaction of day d fraud: check that the
    // scenario-2 transactions of a terminal's first compromised day are all of that day's.
    int i2 = -1;
    for (int i = 0; i < mid.size() && i2 < 0; i++) {
      if (mid.fraudScenario(i) == 2) {
        i2 = i;
      }
    }
    assertTrue(i2 >= 0);
    int terminal = mid.terminalId(i2);
    int day = mid.day(i2);
    for (int i = 0; i < mid.size(); i++) {
      if (mid.terminalId(i) == terminal && mid.day(i) == day) {
        assertTrue(mid.fraud(i), "same terminal, same day, not fraud: " + mid.get(i));
      }
    }
    // Scenario 3 amounts are 5x a customer's usual (mean <= 100, so mostly > 25 after x5) and
    // always a multiple of 5 cents.
    for (int i = 0; i < mid.size(); i++) {
      if (mid.fraudScenario(i) == 3) {
        assertEquals(0, mid.amountCents(i) % 5, "scenario 3 amount not x5: " + mid.get(i));
      }
    }
  }

  @Test
  void transactionsAreSortedWithTimesInsideTheirDayAndPositiveCents() {
    Set<Integer> customers = new HashSet<>();
    for (int i = 0; i < mid.size(); i++) {
      assertTrue(mid.amountCents(i) > 0);
      assertEquals(mid.day(i), mid.timeSeconds(i) / 86_400);
      assertTrue(mid.timeSeconds(i) % 86_400 > 0);
      if (i > 0) {
        assertTrue(mid.timeSeconds(i - 1) <= mid.timeSeconds(i));
      }
      customers.add(mid.customerId(i));
      assertTrue(mid.terminalId(i) >= 0 && mid.terminalId(i) < 10_000);
    }
    assertTrue(customers.size() > 4_900, "customers seen " + customers.size());
    var tx = mid.get(0).toEvent();
    assertEquals("0", tx.transactionId());
    assertEquals(new BigDecimal(mid.amountCents(0)).movePointLeft(2), tx.amount());
    assertEquals(
        FraudSimulationOptions.BOOK_START,
        tx.timestamp().atZone(java.time.ZoneOffset.UTC).toLocalDate());
  }

  @Test
  void theBooksOptionsDrawTheBooksDataSet() {
    // The handbook's published data set (chapter 3.2): 1,754,155 transactions, 14,681 frauds.
    SimulatedTransactions book = TransactionSimulator.generate(FraudSimulationOptions.book());
    assertEquals(1_754_155, book.size());
    assertEquals(14_681, book.frauds());
  }

  @Test
  void smallerRunsDrawWhatTheBooksCodeDraws() {
    // The book's generate_dataset(300 customers, 600 terminals, 40 days) and add_frauds, run with
    // numpy 1.24.2 and pandas 1.5.3: counts per scenario and column sums (amounts in cents,
    // 0.00 counted as the 0.01 Pulse draws instead).
    SimulatedTransactions s =
        TransactionSimulator.generate(FraudSimulationOptions.of(300, 600, 40, 0));
    assertEquals(22_552, s.size());
    assertArrayEquals(new long[] {20_141, 11, 1_503, 897}, s.scenarioCounts());
    long cents = 0;
    long terminals = 0;
    long seconds = 0;
    for (int i = 0; i < s.size(); i++) {
      cents += s.amountCents(i);
      terminals += s.terminalId(i);
      seconds += s.timeSeconds(i);
    }
    assertEquals(141_964_347L, cents);
    assertEquals(7_010_892L, terminals);
    assertEquals(39_058_972_074L, seconds);
  }
}
