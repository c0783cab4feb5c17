package io.pulse.helm;

import io.pulse.helm.PulseChart.Values;
import java.util.stream.Stream;

/** The value sets every chart test runs with: the defaults and the example files. */
enum ValueSets {
  DEFAULTS(null),
  EXISTING_KAFKA("existing-kafka.yaml"),
  HPA_AND_INGRESS("production.yaml"),
  MINIMAL_RESOURCES("minimal.yaml");

  private final String exampleFile;

  ValueSets(String exampleFile) {
    this.exampleFile = exampleFile;
  }

  Values values(PulseChart chart) {
    Values values = Values.defaults();
    return exampleFile == null
        ? values
        : values.file(chart.dir().resolve("examples").resolve(exampleFile));
  }

  static Stream<ValueSets> all() {
    return Stream.of(values());
  }
}
