package io.pulse.bench.bare;

import io.micronaut.runtime.Micronaut;

/**
 * Started by {@code bench/run ingest} with order-ingest's own configuration file ({@code
 * MICRONAUT_CONFIG_FILES}), so its producer {@code order-events} has exactly order-ingest's
 * settings.
 */
public final class BareIngestApplication {
  private BareIngestApplication() {}

  public static void main(String[] args) {
    Micronaut.run(BareIngestApplication.class, args);
  }
}
