package io.pulse.jobs;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job arguments: {@code --kafka-bootstrap-servers host:9092} on the command line, else the
 * environment variable of the same name ({@code KAFKA_BOOTSTRAP_SERVERS}), else the default. The
 * same names are used by the local runner and the Helm chart. A job declares the options it reads
 * ({@link JobOption}, collected in {@link JobCatalog}) and rejects any other.
 */
public final class JobArgs {
  private static final Pattern DURATION =
      Pattern.compile(
          "(\\d+)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?)");

  private final Map<String, String> args;
  private final Map<String, String> env;

  private JobArgs(Map<String, String> args, Map<String, String> env) {
    this.args = args;
    this.env = env;
  }

  /**
   * A job's arguments: every {@code --name} must be one of {@code declared}, so a misspelt option
   * (in Helm values, say) stops the job at start instead of being silently ignored.
   */
  public static JobArgs parse(
      String[] argv, Map<String, String> env, Collection<JobOption> declared) {
    JobArgs args = parseAny(argv, env);
    Set<String> known = new TreeSet<>();
    declared.forEach(o -> known.add(o.name()));
    for (String name : args.args.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown option --" + name + "; known options: --" + String.join(", --", known));
      }
    }
    return args;
  }

  /** Arguments of a tool that is not a job (benchmarks, generators): any {@code --name} goes. */
  public static JobArgs parseAny(String[] argv, Map<String, String> env) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got '" + a + "'");
      }
      String name = a.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        args.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (i + 1 < argv.length) {
        args.put(name, argv[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
    return new JobArgs(args, env);
  }

  public static String envName(String name) {
    return name.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** The value, or null when neither an argument nor the environment gives one. */
  public String optional(String name) {
    String value = args.get(name);
    if (value == null) {
      value = env.get(envName(name));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  public String string(String name, String defaultValue) {
    String value = optional(name);
    return value != null ? value : defaultValue;
  }

  public String required(String name) {
    String value = optional(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "missing --" + name + " (or environment variable " + envName(name) + ")");
    }
    return value;
  }

  public int integer(String name, int defaultValue) {
    String value = optional(name);
    try {
      return value == null ? defaultValue : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be a whole number, got '" + value + "'");
    }
  }

  public Duration duration(String name, String defaultValue) {
    return parseDuration(name, string(name, defaultValue));
  }

  /** The option's value, else its declared default (null when it has none). */
  public String string(JobOption option) {
    return string(option.name(), option.defaultValue());
  }

  public String required(JobOption option) {
    return required(option.name());
  }

  public int integer(JobOption option) {
    return integer(option.name(), Integer.parseInt(option.defaultValue()));
  }

  public Duration duration(JobOption option) {
    return duration(option.name(), option.defaultValue());
  }

  public boolean bool(JobOption option) {
    String value = string(option);
    if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
      throw new IllegalArgumentException(
          "--" + option.name() + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  /** {@code 90s}, {@code 2 minutes}, {@code 1h}: what people write, and what Spark accepts. */
  static Duration parseDuration(String name, String value) {
    Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--" + name + " must be a duration such as 30s, 2 minutes or 1h, got '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2);
    if (unit.startsWith("ms") || unit.startsWith("milli")) {
      return Duration.ofMillis(n);
    }
    return switch (unit.charAt(0)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** Spark's interval syntax for a duration. */
  public static String sparkInterval(Duration d) {
    return d.toMillis() % 1000 == 0
        ? (d.toMillis() / 1000) + " seconds"
        : d.toMillis() + " milliseconds";
  }
}
