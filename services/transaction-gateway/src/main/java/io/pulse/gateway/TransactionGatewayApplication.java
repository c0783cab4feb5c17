package io.pulse.gateway;

import io.micronaut.runtime.Micronaut;

public final class TransactionGatewayApplication {
  private TransactionGatewayApplication() {}

  public static void main(String[] args) {
    Micronaut.run(TransactionGatewayApplication.class, args);
  }
}
