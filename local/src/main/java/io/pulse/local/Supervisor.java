package io.pulse.local;

import io.pulse.events.PipelineStatus;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Keeps the runner's children running, as the Spark Operator's {@code restartPolicy: Always} and
 * Kubernetes' Deployments do on a cluster: a child that exits while the run is not stopping is
 * started again after a back-off that doubles with each quick failure (1 s up to 1 min) and resets
 * once the child has stayed up for a while. A restarted child is told how often it was restarted
 * and why it last stopped ({@link #RESTARTS_VARIABLE}, {@link #LAST_FAILURE_VARIABLE}), so a job
 * can report it in {@code /v1/pipelines}.
 */
public final class Supervisor implements AutoCloseable {
  public static final String RESTARTS_VARIABLE = PipelineStatus.RESTARTS_VARIABLE;
  public static final String LAST_FAILURE_VARIABLE = PipelineStatus.LAST_FAILURE_VARIABLE;
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  static final Duration STABLE_AFTER = Duration.ofMinutes(2);

  private final List<Supervised> children = new CopyOnWriteArrayList<>();
  private final PrintStream out;
  private final Clock clock;
  private volatile boolean stopping;

  public Supervisor(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** One supervised child: its current process and its restart history. */
  public final class Supervised {
    private final String name;
    private final Function<Map<String, String>, ChildProcess> starter;
    private volatile ChildProcess process;
    private volatile Instant startedAt;
    private volatile int restarts;
    private volatile String lastFailure;
    private volatile Instant restartAt;
    private volatile Duration backoff = FIRST_BACKOFF;

    private Supervised(String name, Function<Map<String, String>, ChildProcess> starter) {
      this.name = name;
      this.starter = starter;
    }

    public String name() {
      return name;
    }

    public ChildProcess process() {
      return process;
    }

    public int restarts() {
      return restarts;
    }

    public String lastFailure() {
      return lastFailure;
    }

    private void start() {
      Map<String, String> env =
          restarts == 0
              ? Map.of()
              : Map.of(
                  RESTARTS_VARIABLE,
                  Integer.toString(restarts),
                  LAST_FAILURE_VARIABLE,
                  lastFailure == null ? "" : lastFailure);
      process = starter.apply(env);
      startedAt = clock.instant();
    }

    /** Looks at the child once: notes an exit, restarts when its back-off is over. */
    private void check() {
      Instant now = clock.instant();
      if (restartAt == null) {
        if (process.isAlive()) {
          if (Duration.between(startedAt, now).compareTo(STABLE_AFTER) > 0) {
            backoff = FIRST_BACKOFF;
          }
          return;
        }
        lastFailure = "exit " + process.exitValue() + " at " + now;
        restartAt = now.plus(backoff);
        out.printf(
            "  %-20s stopped (exit %d), restarting in %d s; last lines of %s:%n%s%n",
            name, process.exitValue(), backoff.toSeconds(), process.log(), process.tail(10));
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
        return;
      }
      if (!now.isBefore(restartAt)) {
        restartAt = null;
        restarts++;
        try {
          start();
          out.printf("  %-20s restarted (restart %d)%n", name, restarts);
        } catch (RuntimeException e) {
          lastFailure = "could not start: " + e.getMessage();
          restartAt = clock.instant().plus(backoff);
          out.printf("  %-20s %s; trying again in %d s%n", name, lastFailure, backoff.toSeconds());
        }
      }
    }
  }

  /**
   * Starts {@code name} now (failing if it cannot start) and keeps it running from then on.
   *
   * @param starter starts the child with these extra environment variables (none on the first
   *     start, the restart variables afterwards)
   */
  public Supervised start(String name, Function<Map<String, String>, ChildProcess> starter) {
    Supervised child = new Supervised(name, starter);
    child.start();
    children.add(child);
    return child;
  }

  /** One look at every child: call it every second or so. */
  public synchronized void checkAll() {
    if (stopping) {
      return;
    }
    for (Supervised child : children) {
      if (!stopping) {
        child.check();
      }
    }
  }

  public List<Supervised> children() {
    return Collections.unmodifiableList(children);
  }

  /** Stops supervising, then stops the children newest first, so the broker goes last. */
  @Override
  public void close() {
    stopping = true;
    synchronized (this) {
      stopChildren();
    }
  }

  private void stopChildren() {
    List<Supervised> reversed = new ArrayList<>(children);
    Collections.reverse(reversed);
    for (Supervised child : reversed) {
      ChildProcess p = child.process;
      if (p != null && p.isAlive()) {
        out.println("stopping " + child.name);
        p.stop(Duration.ofSeconds(30));
      }
    }
  }
}
