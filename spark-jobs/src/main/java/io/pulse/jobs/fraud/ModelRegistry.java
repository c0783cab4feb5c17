package io.pulse.jobs.fraud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Fraud models as versions in one folder (local, a PVC, or an object store through Hadoop's
 * FileSystem): {@code versions/<id>/} each hold what FraudModelTrainer saves (the pipeline and
 * {@code metadata.json}); {@code registry.json} names the live version, the shadow candidate and
 * the earlier live versions a rollback returns to.
 *
 * <p>The first version added goes live, so a fresh install scores as soon as a model exists; later
 * ones become the shadow candidate, scored beside the live one until someone promotes them. {@code
 * registry.json} is written whole in one write, which object stores make atomic too.
 */
public final class ModelRegistry {
  public static final String STATE_FILE = "registry.json";
  public static final String VERSIONS_DIR = "versions";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter VERSION_FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path root;
  private final Configuration hadoop;
  private final FileSystem fs;
  private final Clock clock;

  /** What registry.json says. */
  public record State(Optional<String> live, Optional<String> shadow, List<String> previous) {
    static final State EMPTY = new State(Optional.empty(), Optional.empty(), List.of());
  }

  public ModelRegistry(String root, Configuration hadoop, Clock clock) {
    try {
      this.root = new Path(root);
      this.hadoop = hadoop;
      this.fs = this.root.getFileSystem(hadoop);
      this.clock = clock;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the model registry " + root, e);
    }
  }

  public static ModelRegistry open(String root) {
    return new ModelRegistry(root, new Configuration(), Clock.systemUTC());
  }

  public String root() {
    return root.toString();
  }

  /** Where version {@code id} lives: what FraudScoring loads. */
  public String pathOf(String id) {
    return new Path(new Path(root, VERSIONS_DIR), id).toString();
  }

  /**
   * A fresh version id (registration time, UTC, sortable) whose folder does not exist yet: the
   * trainer saves there, then calls {@link #add}.
   */
  public String newVersionId() {
    String base = VERSION_FORMAT.format(clock.instant());
    String id = base;
    try {
      for (int n = 2; fs.exists(new Path(pathOf(id))); n++) {
        id = base + "-" + n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return id;
  }

  /** Registers a saved version: live when there is none yet, else the shadow candidate. */
  public synchronized State add(String id) {
    requireSaved(id);
    State s = state();
    State next =
        s.live().isEmpty()
            ? new State(Optional.of(id), s.shadow(), s.previous())
            : new State(s.live(), Optional.of(id), s.previous());
    write(next);
    return next;
  }

  /** Makes {@code id} live; the live one before it is what {@link #rollback} returns to. */
  public synchronized State promote(String id) {
    requireSaved(id);
    State s = state();
    if (s.live().equals(Optional.of(id))) {
      return s;
    }
    List<String> previous = new ArrayList<>(s.previous());
    s.live().ifPresent(previous::add);
    Optional<String> shadow = s.shadow().filter(x -> !x.equals(id));
    State next = new State(Optional.of(id), shadow, List.copyOf(previous));
    write(next);
    return next;
  }

  /** Back to the live version before the current one. */
  public synchronized State rollback() {
    State s = state();
    if (s.previous().isEmpty()) {
      throw new IllegalStateException("no earlier live version to roll back to");
    }
    List<String> previous = new ArrayList<>(s.previous());
    String back = previous.remove(previous.size() - 1);
    State next = new State(Optional.of(back), s.shadow(), List.copyOf(previous));
    write(next);
    return next;
  }

  /** Sets or clears ({@code null}) the shadow candidate. */
  public synchronized State shadow(String id) {
    if (id != null) {
      requireSaved(id);
    }
    State s = state();
    State next = new State(s.live(), Optional.ofNullable(id), s.previous());
    write(next);
    return next;
  }

  /** Every saved version, oldest first. */
  public List<String> versions() {
    try {
      Path dir = new Path(root, VERSIONS_DIR);
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<String> ids = new ArrayList<>();
      for (FileStatus status : fs.listStatus(dir)) {
        if (status.isDirectory()
            && fs.exists(new Path(status.getPath(), FraudModelTrainer.METADATA_FILE))) {
          ids.add(status.getPath().getName());
        }
      }
      ids.sort(null);
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /** Version {@code id}'s metadata.json, as FraudModelTrainer wrote it. */
  public JsonNode metadata(String id) {
    Path file = new Path(pathOf(id), FraudModelTrainer.METADATA_FILE);
    try (InputStream in = fs.open(file)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The registry's state; empty when nothing was added yet. */
  public State state() {
    Path file = new Path(root, STATE_FILE);
    try {
      if (!fs.exists(file)) {
        return State.EMPTY;
      }
      JsonNode node;
      try (InputStream in = fs.open(file)) {
        node = JSON.readTree(in);
      }
      List<String> previous = new ArrayList<>();
      node.path("previous").forEach(n -> previous.add(n.asText()));
      return new State(text(node, "live"), text(node, "shadow"), List.copyOf(previous));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private void requireSaved(String id) {
    try {
      if (!fs.exists(new Path(pathOf(id), FraudModelTrainer.METADATA_FILE))) {
        throw new IllegalArgumentException("no saved model version '" + id + "' in " + root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(State s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("live", s.live().orElse(null));
    node.put("shadow", s.shadow().orElse(null));
    ArrayNode previous = node.putArray("previous");
    s.previous().forEach(previous::add);
    Path file = new Path(root, STATE_FILE);
    Path tmp = new Path(root, STATE_FILE + ".tmp");
    try {
      fs.mkdirs(root);
      try (OutputStream out = fs.create(tmp, true)) {
        JSON.writerWithDefaultPrettyPrinter().writeValue(out, node);
      }
      // Readers never see a missing or half-written file: local and HDFS replace atomically,
      // object stores copy one small object.
      FileContext.getFileContext(root.toUri(), hadoop).rename(tmp, file, Options.Rename.OVERWRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
