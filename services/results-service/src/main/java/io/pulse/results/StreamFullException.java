package io.pulse.results;

/** Every live-stream slot is taken. */
public class StreamFullException extends RuntimeException {
  public StreamFullException() {
    super("the live stream has its maximum of subscribers; retry later");
  }
}
