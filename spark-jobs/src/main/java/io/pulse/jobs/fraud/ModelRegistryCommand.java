package io.pulse.jobs.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.jobs.JobArgs;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./pulse models ...}: the model registry from the command line, on any Hadoop FileSystem
 * path (a local folder, a PVC mounted in a pod, s3a://). FraudScoring picks a change up between
 * micro-batches, within its --model-check-interval, without a restart.
 *
 * <pre>
 * list                 every version with its role, model, threshold and test metrics
 * promote VERSION      VERSION goes live; the live one before it is what rollback returns to
 * rollback             back to the previous live version
 * shadow VERSION       VERSION is scored beside the live one (alerts stay the live one's)
 * shadow --clear       no shadow candidate
 * </pre>
 *
 * {@code --model-registry ROOT} (or env MODEL_REGISTRY, as for FraudScoring) defaults to {@link
 * #LOCAL_REGISTRY}, where {@code ./pulse local} keeps it.
 */
public final class ModelRegistryCommand {
  /** The registry of {@code ./pulse local} (its --work-dir .pulse, then models/fraud). */
  public static final String LOCAL_REGISTRY = ".pulse/models/fraud";

  static final String USAGE =
      "usage: ./pulse models [--model-registry ROOT] list | promote VERSION | rollback"
          + " | shadow VERSION | shadow --clear";

  private ModelRegistryCommand() {}

  public static void main(String[] argv) {
    System.exit(run(argv, System.getenv(), System.out, System.err));
  }

  /** Runs one command; the exit code (0 done, 1 refused by the registry, 2 bad usage). */
  static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err) {
    String root = env.getOrDefault(JobArgs.envName("model-registry"), LOCAL_REGISTRY);
    List<String> words = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i].equals("--model-registry") && i + 1 < argv.length) {
        root = argv[++i];
      } else if (argv[i].startsWith("--model-registry=")) {
        root = argv[i].substring("--model-registry=".length());
      } else {
        words.add(argv[i]);
      }
    }
    if (words.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    ModelRegistry registry = ModelRegistry.open(root);
    String command = words.get(0);
    List<String> rest = words.subList(1, words.size());
    try {
      ModelRegistry.State state;
      switch (command) {
        case "list" -> {
          if (!rest.isEmpty()) {
            return usage(err);
          }
          list(registry, out);
          return 0;
        }
        case "promote" -> {
          if (rest.size() != 1) {
            return usage(err);
          }
          state = registry.promote(rest.get(0));
        }
        case "rollback" -> {
          if (!rest.isEmpty()) {
            return usage(err);
          }
          state = registry.rollback();
        }
        case "shadow" -> {
          if (rest.size() != 1) {
            return usage(err);
          }
          state = registry.shadow(rest.get(0).equals("--clear") ? null : rest.get(0));
        }
        default -> {
          return usage(err);
        }
      }
      out.println(describe(state));
      return 0;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("pulse models " + command + ": " + e.getMessage());
      return 1;
    }
  }

  private static int usage(PrintStream err) {
    err.println(USAGE);
    return 2;
  }

  static String describe(ModelRegistry.State s) {
    return "live: "
        + s.live().orElse("-")
        + "  shadow: "
        + s.shadow().orElse("-")
        + "  previous: "
        + (s.previous().isEmpty() ? "-" : String.join(", ", s.previous()));
  }

  /** One line per version, oldest first, then the state. */
  private static void list(ModelRegistry registry, PrintStream out) {
    ModelRegistry.State state = registry.state();
    ObjectNode report = RegistryReport.of(registry, state, Instant.now());
    out.printf(
        Locale.ROOT,
        "%-22s %-9s %-6s %9s %8s %8s %8s%n",
        "version",
        "role",
        "model",
        "threshold",
        "AUC",
        "AP",
        "CP@k");
    for (JsonNode v : report.get("versions")) {
      String id = v.get("version").asText();
      JsonNode test = v.get("test");
      out.printf(
          Locale.ROOT,
          "%-22s %-9s %-6s %9s %8s %8s %8s%n",
          id,
          role(id, state),
          v.path("model").asText("-"),
          number(v.get("threshold")),
          number(test.get("aucRoc")),
          number(test.get("averagePrecision")),
          number(test.get("cardPrecisionAtK")));
    }
    out.println(describe(state));
  }

  static String role(String id, ModelRegistry.State s) {
    if (s.live().filter(id::equals).isPresent()) {
      return "live";
    }
    if (s.shadow().filter(id::equals).isPresent()) {
      return "shadow";
    }
    return s.previous().contains(id) ? "previous" : "candidate";
  }

  private static String number(JsonNode n) {
    return n == null || !n.isNumber() ? "-" : String.format(Locale.ROOT, "%.3f", n.doubleValue());
  }
}
