package io.pulse.local;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM the runner starts: runs the real main class, and exits when the
 * runner's process is gone, so that even a runner killed with SIGKILL leaves no orphan JVM behind.
 * Exiting through System.exit runs the child's shutdown hooks (Kafka and Spark stop cleanly).
 *
 * <p>Arguments: parent pid, main class, then the main class's own arguments.
 */
public final class WatchedMain {
  private WatchedMain() {}

  public static void main(String[] args) throws Exception {
    long parentPid = Long.parseLong(args[0]);
    String mainClass = args[1];
    ProcessHandle.of(parentPid)
        .ifPresentOrElse(
            parent -> parent.onExit().thenRun(() -> System.exit(143)), () -> System.exit(143));
    Method main = Class.forName(mainClass).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }
}
