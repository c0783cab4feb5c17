package io.pulse.jobs.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir Path dir;

  private final ModelRegistry registry() {
    return new ModelRegistry(
        dir.toString(),
        new Configuration(),
        Clock.fixed(Instant.parse("2026-11-26T03:00:00Z"), ZoneOffset.UTC));
  }

  private String save(ModelRegistry registry) throws IOException {
    String id = registry.newVersionId();
    Path version = Path.of(registry.pathOf(id));
    Files.createDirectories(version);
    Files.writeString(version.resolve(FraudModelTrainer.METADATA_FILE), "{}");
    return id;
  }

  @Test
  void firstVersionGoesLiveLaterOnesWaitAsShadow() throws IOException {
    ModelRegistry registry = registry();
    assertEquals(Optional.empty(), registry.state().live());
    String first = save(registry);
    assertEquals(Optional.of(first), registry.add(first).live());
    String second = save(registry);
    assertNotEquals(first, second, "same second, distinct ids");
    ModelRegistry.State s = registry.add(second);
    assertEquals(Optional.of(first), s.live());
    assertEquals(Optional.of(second), s.shadow());
    assertEquals(List.of(first, second), registry.versions());
  }

  @Test
  void promoteThenRollBack() throws IOException {
    ModelRegistry registry = registry();
    String first = save(registry);
    registry.add(first);
    String second = save(registry);
    registry.add(second);

    ModelRegistry.State promoted = registry.promote(second);
    assertEquals(Optional.of(second), promoted.live());
    assertEquals(Optional.empty(), promoted.shadow());
    assertEquals(List.of(first), promoted.previous());

    ModelRegistry.State back = registry.rollback();
    assertEquals(Optional.of(first), back.live());
    assertEquals(List.of(), back.previous());
    assertThrows(IllegalStateException.class, registry::rollback);
    assertEquals(back, registry().state(), "the state is on disk, not in this object");
  }

  @Test
  void refusesVersionsThatWereNeverSaved() {
    assertThrows(IllegalArgumentException.class, () -> registry().promote("20260101T000000Z"));
    assertThrows(IllegalArgumentException.class, () -> registry().add("nope"));
  }
}
