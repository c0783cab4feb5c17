package io.pulse.orderingest;

import io.micronaut.runtime.Micronaut;

public final class OrderIngestApplication {
  private OrderIngestApplication() {}

  public static void main(String[] args) {
    Micronaut.run(OrderIngestApplication.class, args);
  }
}
