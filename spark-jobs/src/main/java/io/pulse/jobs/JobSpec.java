package io.pulse.jobs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A job's main class and every option it reads, in the order its documentation lists them. */
public record JobSpec(String mainClass, List<JobOption> options) {
  public JobSpec {
    options = List.copyOf(options);
    Set<String> names = new HashSet<>();
    for (JobOption o : options) {
      if (!names.add(o.name())) {
        throw new IllegalArgumentException(mainClass + " declares --" + o.name() + " twice");
      }
    }
  }

  public JobSpec(Class<?> mainClass, List<JobOption> options) {
    this(mainClass.getName(), options);
  }

  /** The option named {@code name}. */
  public JobOption option(String name) {
    return options.stream()
        .filter(o -> o.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(mainClass + " has no option --" + name));
  }
}
