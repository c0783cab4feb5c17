package io.pulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The local run's credentials (API.md, "Authentication"): generated on the first start, kept in
 * {@code <work-dir>/credentials.env} (mode 0600, one {@code NAME=value} per line, loadable with
 * {@code set -a; . credentials.env}) and reused on every later start, so clients configured once
 * keep working. The services get them as environment variables of the same names.
 *
 * @param file where they are kept
 */
public record LocalCredentials(
    Path file, String ingestToken, String readToken, String facebookAppSecret) {
  public static final String FILE_NAME = "credentials.env";
  public static final String INGEST_TOKEN = "PULSE_INGEST_TOKEN";
  public static final String READ_TOKEN = "PULSE_READ_TOKEN";
  public static final String FACEBOOK_APP_SECRET = "PULSE_FACEBOOK_APP_SECRET";

  /** 32 random bytes: 43 URL-safe characters, 256 bits. */
  private static final int RANDOM_BYTES = 32;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  @Override
  public String toString() {
    return "LocalCredentials[" + file + "]"; // never the values
  }

  /** Reads {@code <workDir>/credentials.env}, or creates it with new random values. */
  public static LocalCredentials loadOrCreate(Path workDir) {
    Path file = workDir.resolve(FILE_NAME);
    try {
      Map<String, String> values = Files.exists(file) ? read(file) : new LinkedHashMap<>();
      boolean complete = true;
      SecureRandom random = new SecureRandom();
      for (String name : new String[] {INGEST_TOKEN, READ_TOKEN, FACEBOOK_APP_SECRET}) {
        String value = values.get(name);
        if (value == null || value.length() < RANDOM_BYTES) {
          values.put(name, generate(random));
          complete = false;
        }
      }
      if (!complete) {
        write(file, values);
      } else {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
      return new LocalCredentials(
          file, values.get(INGEST_TOKEN), values.get(READ_TOKEN), values.get(FACEBOOK_APP_SECRET));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep credentials in " + file, e);
    }
  }

  /** The environment variables every service and client takes them from. */
  public Map<String, String> environment() {
    return Map.of(
        INGEST_TOKEN, ingestToken, READ_TOKEN, readToken, FACEBOOK_APP_SECRET, facebookAppSecret);
  }

  /** {@link #environment()} plus {@code more}: what a service is started with. */
  public Map<String, String> environmentWith(Map<String, String> more) {
    Map<String, String> all = new java.util.HashMap<>(environment());
    all.putAll(more);
    return all;
  }

  /**
   * How to use them, ready to paste: the values stay in the file, the examples name the variables,
   * so the terminal and its scrollback never show a secret.
   */
  public String usage(String results, String orderIngest) {
    return String.join(
        "\n",
        "Credentials:   " + file + " (mode 0600, kept across runs); load them into a shell with",
        "                 set -a; . " + file + "; set +a",
        "Dashboard:     " + results + "  (sign in with the value of " + READ_TOKEN + ")",
        "Counts (API):  curl -H \"Authorization: Bearer $" + READ_TOKEN + "\" \\",
        "                 '" + results + "/v1/commerce/status-counts'",
        "Post an event: curl -X POST -H \"Authorization: Bearer $" + INGEST_TOKEN + "\" \\",
        "                 -H 'Content-Type: application/json' \\",
        "                 -d '{\"orderId\":\"1782\",\"productId\":\"p-9\",\"status\":\"PURCHASED\"}' \\",
        "                 " + orderIngest + "/v1/orders/events");
  }

  private static String generate(SecureRandom random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return values;
  }

  /**
   * Written to a 0600 file first and moved into place: never readable by others, not even briefly.
   */
  private static void write(Path file, Map<String, String> values) throws IOException {
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("another process is writing " + tmp, e);
    }
    StringBuilder text =
        new StringBuilder(
            "# Pulse local credentials (API.md, \"Authentication\"). Keep private.\n");
    values.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
