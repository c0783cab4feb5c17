package io.pulse.orderingest;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@OpenAPIDefinition(
    info =
        @Info(
            title = "order-ingest",
            version = "0.1",
            description =
                "Accepts order status changes from the order management system and publishes them to Kafka."))
public final class OrderIngestApplication {
  private OrderIngestApplication() {}

  public static void main(String[] args) {
    Micronaut.run(OrderIngestApplication.class, args);
  }
}
