package io.pulse.service.auth;

import java.util.List;

/** The two roles a bearer token can carry; a token carries exactly one. */
public final class Roles {
  /** Publishes to the ingest endpoints. */
  public static final String INGEST = "INGEST";

  /** Reads results-service's {@code /v1/*}, JSON and SSE. */
  public static final String READ = "READ";

  public static final List<String> ALL = List.of(INGEST, READ);

  private Roles() {}
}
