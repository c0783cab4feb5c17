package io.pulse.results;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import io.pulse.events.PipelineStatus;
import java.util.List;

/** {@code GET /v1/pipelines}: each streaming job's state, last batch and lag (API.md). */
@Controller("/v1/pipelines")
public class PipelinesController {
  private final PipelinesView view;

  public PipelinesController(PipelinesView view) {
    this.view = view;
  }

  @Get
  public Pipelines pipelines() {
    return new Pipelines(view.all());
  }

  /** The response body. */
  @Serdeable
  public record Pipelines(List<PipelineStatus> pipelines) {}
}
