package io.pulse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A child for SupervisorTest: notes its restart variables in a file, then exits with code 3. */
public final class ExitingChild {
  private ExitingChild() {}

  public static void main(String[] args) throws IOException {
    String restarts = System.getenv().getOrDefault(Supervisor.RESTARTS_VARIABLE, "0");
    String failure = System.getenv().getOrDefault(Supervisor.LAST_FAILURE_VARIABLE, "");
    Files.writeString(
        Path.of(args[0]),
        restarts + "|" + failure + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    System.exit(3);
  }
}
