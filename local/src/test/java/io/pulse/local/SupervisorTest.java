package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {
  @TempDir Path dir;

  private ChildProcess start(Path notes, Map<String, String> env) {
    return ChildProcess.startJava(
        "exiting-child",
        List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
        List.of("-Xmx32m"),
        ExitingChild.class.getName(),
        List.of(notes.toString()),
        env,
        dir.resolve("child.log"));
  }

  @Test
  void restartsAChildThatExitsAndTellsItWhy() throws IOException {
    Path notes = dir.resolve("notes.txt");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Supervisor supervisor =
        new Supervisor(new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC());
    Supervisor.Supervised child = supervisor.start("exiting-child", env -> start(notes, env));

    // First start, then restarts after 1 s and 2 s of back-off.
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (child.restarts() < 2 && System.nanoTime() < deadline) {
      supervisor.checkAll();
      HttpProbe.sleep(Duration.ofMillis(200));
    }
    assertEquals(2, child.restarts(), printed.toString(StandardCharsets.UTF_8));
    while (child.process().isAlive()) {
      HttpProbe.sleep(Duration.ofMillis(50));
    }
    supervisor.close();

    List<String> lines = Files.readAllLines(notes);
    assertEquals(3, lines.size(), lines.toString());
    assertEquals("0|", lines.get(0));
    assertTrue(lines.get(1).startsWith("1|exit 3 at "), lines.get(1));
    assertTrue(lines.get(2).startsWith("2|exit 3 at "), lines.get(2));
    assertTrue(child.lastFailure().startsWith("exit 3"), child.lastFailure());
    String output = printed.toString(StandardCharsets.UTF_8);
    assertTrue(output.contains("exiting-child        restarted (restart 2)"), output);
  }

  @Test
  void noRestartOnceClosed() {
    Path notes = dir.resolve("closed.txt");
    Supervisor supervisor =
        new Supervisor(new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC());
    Supervisor.Supervised child = supervisor.start("exiting-child", env -> start(notes, env));
    supervisor.close();
    while (child.process().isAlive()) {
      HttpProbe.sleep(Duration.ofMillis(50));
    }
    HttpProbe.sleep(Duration.ofMillis(1500));
    supervisor.checkAll();
    assertEquals(0, child.restarts());
  }
}
