package io.pulse.results;

import io.micronaut.runtime.Micronaut;
import io.micronaut.serde.annotation.SerdeImport;
import io.pulse.events.PipelineStatus;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** The result records are defined once, in the events module; serde support is generated here. */
@SerdeImport(PipelineStatus.class)
@OpenAPIDefinition(
    info =
        @Info(
            title = "results-service",
            version = "0.1",
            description =
                "Windowed results of the Pulse pipelines, their live stream, pipeline health and the dashboard."))
public final class ResultsApplication {
  private ResultsApplication() {}

  public static void main(String[] args) {
    Micronaut.run(ResultsApplication.class, args);
  }
}
