package io.pulse.events;

/**
 * An event or request that breaks the contract. {@code field} is the JSON path of the offending
 * field ({@code $[3].status}), or null when the problem is the document as a whole.
 *
 * <p>No stack trace: these are expected outcomes on the hot path (a malformed record in a Spark
 * partition, a bad HTTP request), not bugs.
 */
public final class InvalidEventException extends RuntimeException {
  private final String field;

  public InvalidEventException(String message, String field) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
