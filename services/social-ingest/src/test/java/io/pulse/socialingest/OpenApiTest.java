package io.pulse.socialingest;

import io.pulse.testsupport.OpenApiDocument;
import org.junit.jupiter.api.Test;

class OpenApiTest {
  @Test
  void documentsEveryPathOfTheContract() {
    OpenApiDocument.of("social-ingest")
        .assertOperation("POST", "/v1/social/facebook")
        .assertOperation("GET", "/v1/social/facebook")
        .assertOperation("POST", "/v1/social/twitter")
        .assertOperation("POST", "/v1/social/reviews");
  }
}
