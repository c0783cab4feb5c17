package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationProtocolTest {
  private static final EvaluationProtocol BOOK =
      new EvaluationProtocol(LocalDate.parse("2018-07-25"), 7, 7, 7);

  @Test
  void testFoldsAreTheBooksChapter5TestWeeks() {
    // Chapter 5.3: start_date_training_for_test = 2018-07-25 + 3 x 7 days, 4 folds going back
    // by 7 days: training from 2018-08-15, 08-08, 08-01 and 07-25.
    List<LocalDate> starts =
        BOOK.testFolds(4).stream().map(EvaluationProtocol::trainStart).sorted().toList();
    assertEquals(
        List.of(
            LocalDate.parse("2018-07-25"),
            LocalDate.parse("2018-08-01"),
            LocalDate.parse("2018-08-08"),
            LocalDate.parse("2018-08-15")),
        starts);
    assertEquals(BOOK, BOOK.testFolds(4).get(0));
    assertEquals(List.of(BOOK), BOOK.testFolds(1));
  }

  @Test
  void validationFoldsAreTheBooksAndEndBeforeTheTestDelay() {
    // Chapter 5.3: start_date_training_for_valid = 2018-07-25 - (7 + 7) days, then 3 weeks back.
    List<EvaluationProtocol> folds = BOOK.validationFolds(4);
    assertEquals(
        List.of(
            LocalDate.parse("2018-07-11"),
            LocalDate.parse("2018-07-04"),
            LocalDate.parse("2018-06-27"),
            LocalDate.parse("2018-06-20")),
        folds.stream().map(EvaluationProtocol::trainStart).toList());
    for (EvaluationProtocol fold : folds) {
      // Labels of a validation fold's test period are known before the test's delay begins.
      assertTrue(!fold.testUntil().isAfter(BOOK.trainUntil()), fold.toString());
    }
    assertEquals(BOOK.validation(), folds.get(0));
  }

  @Test
  void foldsAreAsManyAsTheHistoryHolds() {
    Instant bookFirst = Instant.parse("2018-04-01T00:00:31Z");
    Instant bookLast = Instant.parse("2018-09-30T23:59:57Z");
    assertEquals(4, BOOK.foldsWithin(4, bookFirst, bookLast), "the book's 183 days hold all 4");
    assertEquals(1, BOOK.foldsWithin(1, bookFirst, bookLast), "never more than asked");
    // The second test fold's period ends at 2018-08-22T00:00Z: the history must reach into that
    // day.
    assertEquals(2, BOOK.foldsWithin(4, bookFirst, Instant.parse("2018-08-22T10:00:00Z")));
    assertEquals(1, BOOK.foldsWithin(4, bookFirst, Instant.parse("2018-08-21T23:59:59Z")));
    // Validation folds train from 07-11, 07-04, 06-27, 06-20: a history from 07-01 holds two.
    assertEquals(2, BOOK.foldsWithin(4, Instant.parse("2018-07-01T08:00:00Z"), bookLast));
    // A history too short even for one period still gets its one fold (the trainer says so).
    assertEquals(
        1,
        BOOK.foldsWithin(
            4, Instant.parse("2018-08-01T00:00:00Z"), Instant.parse("2018-08-02T00:00:00Z")));
  }

  @Test
  void noFoldsIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> BOOK.testFolds(0));
    assertThrows(IllegalArgumentException.class, () -> BOOK.validationFolds(0));
  }
}
