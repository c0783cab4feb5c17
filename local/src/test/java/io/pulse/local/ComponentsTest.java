package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pulse.events.Pipeline;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentsTest {

  @Test
  void theStreamingJobsAreThePipelinesUnderTheirNames() {
    assertEquals(
        Arrays.stream(Pipeline.values()).map(Pipeline::id).toList(),
        Components.streamingJobs().stream().map(Component::name).toList());
  }

  @Test
  void everyJobsMainClassExistsAndHasAMain() {
    for (Component c : Components.all()) {
      if (!c.isService()) {
        assertDoesNotThrow(
            () -> Class.forName(c.mainClass()).getMethod("main", String[].class), c.name());
      }
    }
  }

  @Test
  void theRunnerLooksForTheFileTheModelRegistryWrites() {
    assertEquals(io.pulse.jobs.fraud.ModelRegistry.STATE_FILE, Components.MODEL_REGISTRY_STATE);
  }

  @Test
  void pulseModelsChangesTheRunnersRegistryByDefault() {
    LocalOptions options = LocalOptions.parse(new String[] {"--repo-dir", "/repo"});
    assertEquals(
        java.nio.file.Path.of(io.pulse.jobs.fraud.ModelRegistryCommand.LOCAL_REGISTRY),
        options.repoDir().relativize(options.fraudModelRegistry()),
        "./pulse runs the command from the repository");
  }

  @Test
  void namesAndPortsAreDistinct() {
    List<String> names = Components.all().stream().map(Component::name).toList();
    assertEquals(names.size(), names.stream().distinct().count(), names.toString());
    List<Integer> ports = Components.services().stream().map(Component::defaultPort).toList();
    assertEquals(ports.size(), ports.stream().distinct().count(), ports.toString());
  }

  @Test
  void aServicesPortComesFromItsVariableWhenSet() {
    Component ingest = Components.ORDER_INGEST;
    assertEquals(8081, ingest.port(Map.of()));
    assertEquals(8081, ingest.port(Map.of("ORDER_INGEST_PORT", " ")));
    assertEquals(18081, ingest.port(Map.of("ORDER_INGEST_PORT", "18081")));
    assertEquals(8080, Components.RESULTS_SERVICE.port(Map.of("ORDER_INGEST_PORT", "18081")));
    assertThrows(IllegalStateException.class, () -> Components.FRAUD_SCORING.port(Map.of()));
  }
}
