package io.pulse.jobs;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * A partition's rows mapped one by one, where the mapping sends a row it cannot use to the dead
 * letters (and returns null) instead of failing the task. When the input ends, the sender is
 * flushed before the task's output ends, so a micro-batch commits only with its dead letters
 * written.
 */
public final class DeadLetteringRows implements Iterator<Row> {
  private final Iterator<Row> rows;
  private final Function<Row, Row> mapOrNull;
  private final DeadLetterSink.Sender deadLetters;
  private Row next;
  private boolean flushed;

  /**
   * @param mapOrNull the output row, or null for a row it dead-lettered
   * @param deadLetters flushed at the end; null when the mapping never dead-letters
   */
  public DeadLetteringRows(
      Iterator<Row> rows, Function<Row, Row> mapOrNull, DeadLetterSink.Sender deadLetters) {
    this.rows = rows;
    this.mapOrNull = mapOrNull;
    this.deadLetters = deadLetters;
  }

  @Override
  public boolean hasNext() {
    while (next == null && rows.hasNext()) {
      next = mapOrNull.apply(rows.next());
    }
    if (next == null && deadLetters != null && !flushed) {
      deadLetters.flush();
      flushed = true;
    }
    return next != null;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row r = next;
    next = null;
    return r;
  }
}
