package io.pulse.results;

/** A query parameter a results endpoint cannot use: 400 naming the parameter. */
public class QueryParameterException extends RuntimeException {
  private final String parameter;

  public QueryParameterException(String message, String parameter) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
