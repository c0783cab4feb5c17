package io.pulse.results;

import io.pulse.testsupport.OpenApiDocument;
import org.junit.jupiter.api.Test;

class OpenApiTest {
  @Test
  void documentsEveryPathOfTheContract() {
    OpenApiDocument.of("results-service")
        .assertOperation("GET", "/v1/commerce/status-counts")
        .assertOperation("GET", "/v1/sentiment/windows")
        .assertOperation("GET", "/v1/sentiment/posts")
        .assertOperation("GET", "/v1/fraud/alerts")
        .assertOperation("GET", "/v1/fraud/summary")
        .assertOperation("GET", "/v1/fraud/models")
        .assertOperation("GET", "/v1/pipelines")
        .assertOperation("GET", "/v1/stream");
  }
}
