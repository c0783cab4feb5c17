package io.pulse.gateway;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@OpenAPIDefinition(
    info =
        @Info(
            title = "transaction-gateway",
            version = "0.1",
            description = "Accepts bank card transactions for fraud scoring."))
public final class TransactionGatewayApplication {
  private TransactionGatewayApplication() {}

  public static void main(String[] args) {
    Micronaut.run(TransactionGatewayApplication.class, args);
  }
}
