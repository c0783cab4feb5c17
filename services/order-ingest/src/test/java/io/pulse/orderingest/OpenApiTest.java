package io.pulse.orderingest;

import io.pulse.testsupport.OpenApiDocument;
import org.junit.jupiter.api.Test;

class OpenApiTest {
  @Test
  void documentsEveryPathOfTheContract() {
    OpenApiDocument.of("order-ingest").assertOperation("POST", "/v1/orders/events");
  }
}
