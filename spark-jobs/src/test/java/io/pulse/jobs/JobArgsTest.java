package io.pulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobArgsTest {
  @Test
  void argumentsWinOverTheEnvironmentWhichWinsOverDefaults() {
    JobArgs args =
        JobArgs.parseAny(
            new String[] {"--window-length", "90s", "--trigger-interval=1 minute"},
            Map.of("WINDOW_LENGTH", "5m", "WATERMARK_DELAY", "3 minutes"));
    assertEquals(Duration.ofSeconds(90), args.duration("window-length", "1m"));
    assertEquals(Duration.ofMinutes(1), args.duration("trigger-interval", "10s"));
    assertEquals(Duration.ofMinutes(3), args.duration("watermark-delay", "2m"));
    assertEquals(Duration.ofHours(1), args.duration("other", "1h"));
  }

  @Test
  void explainsWhatIsWrong() {
    JobArgs args =
        JobArgs.parseAny(
            new String[] {"--window-length", "soon", "--shuffle-partitions", "x"}, Map.of());
    assertEquals(
        "--window-length must be a duration such as 30s, 2 minutes or 1h, got 'soon'",
        assertThrows(IllegalArgumentException.class, () -> args.duration("window-length", "1m"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> args.integer("shuffle-partitions", 2));
    assertEquals(
        "missing --checkpoint-location (or environment variable CHECKPOINT_LOCATION)",
        assertThrows(IllegalArgumentException.class, () -> args.required("checkpoint-location"))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> JobArgs.parseAny(new String[] {"--dangling"}, Map.of()));
  }

  @Test
  void rejectsAnOptionTheJobDoesNotDeclare() {
    List<JobOption> declared =
        List.of(
            new JobOption("window-length", "1 minute", "window"),
            new JobOption("watermark-delay", "2 minutes", "watermark"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                JobArgs.parse(
                    new String[] {"--window-length", "1m", "--watermark-dealy", "5m"},
                    Map.of(),
                    declared));
    assertEquals(
        "unknown option --watermark-dealy; known options: --watermark-delay, --window-length",
        e.getMessage());

    JobArgs args = JobArgs.parse(new String[] {"--window-length=90s"}, Map.of(), declared);
    assertEquals(Duration.ofSeconds(90), args.duration(declared.get(0)));
    assertEquals(Duration.ofMinutes(2), args.duration(declared.get(1)));
  }

  @Test
  void everyJobRejectsAMisspeltOption() {
    for (JobSpec job : JobCatalog.jobs()) {
      String message =
          assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      JobArgs.parse(
                          new String[] {"--window-lenght", "1m"}, Map.of(), job.options()))
              .getMessage();
      assertTrue(message.startsWith("unknown option --window-lenght; known options:"), message);
      for (JobOption option : job.options()) {
        assertTrue(message.contains("--" + option.name()), job.mainClass() + ": " + message);
      }
    }
  }

  @Test
  void writesIntervalsSparkUnderstands() {
    assertEquals("120 seconds", JobArgs.sparkInterval(Duration.ofMinutes(2)));
    assertEquals("1500 milliseconds", JobArgs.sparkInterval(Duration.ofMillis(1500)));
  }
}
