package io.pulse.gateway;

import io.pulse.testsupport.OpenApiDocument;
import org.junit.jupiter.api.Test;

class OpenApiTest {
  @Test
  void documentsEveryPathOfTheContract() {
    OpenApiDocument.of("transaction-gateway")
        .assertOperation("POST", "/v1/transactions")
        .assertOperation("POST", "/v1/transactions/labels");
  }
}
