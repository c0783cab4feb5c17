package io.pulse.results;

import io.micronaut.runtime.Micronaut;
import io.micronaut.serde.annotation.SerdeImport;
import io.pulse.events.OrderStatusWindow;
import io.pulse.events.PipelineStatus;

/** The result records are defined once, in the events module; serde support is generated here. */
@SerdeImport(OrderStatusWindow.class)
@SerdeImport(PipelineStatus.class)
public final class ResultsApplication {
  private ResultsApplication() {}

  public static void main(String[] args) {
    Micronaut.run(ResultsApplication.class, args);
  }
}
