package io.pulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCredentialsTest {
  @TempDir Path work;

  @Test
  void generatesEachCredentialOnceInAnOwnerOnlyFile() throws Exception {
    LocalCredentials first = LocalCredentials.loadOrCreate(work);
    Path file = work.resolve("credentials.env");
    assertEquals(file, first.file());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Map<String, String> lines =
        Files.readAllLines(file).stream()
            .filter(l -> !l.startsWith("#"))
            .collect(Collectors.toMap(l -> l.split("=", 2)[0], l -> l.split("=", 2)[1]));
    assertEquals(
        Set.of("PULSE_INGEST_TOKEN", "PULSE_READ_TOKEN", "PULSE_FACEBOOK_APP_SECRET"),
        lines.keySet());
    assertEquals(first.environment(), lines);
    for (String value : lines.values()) {
      assertTrue(value.length() >= 32, value.length() + " characters");
      assertTrue(value.matches("[A-Za-z0-9_-]+"), "pastes into a shell and a header unquoted");
    }
    assertEquals(3, Set.copyOf(lines.values()).size(), "three different values");

    LocalCredentials again = LocalCredentials.loadOrCreate(work);
    assertEquals(first.environment(), again.environment(), "reused, not regenerated");

    Path other = Files.createDirectory(work.resolve("other"));
    assertNotEquals(
        first.ingestToken(), LocalCredentials.loadOrCreate(other).ingestToken(), "random");
  }

  @Test
  void fillsInWhatIsMissingAndTightensTheMode() throws Exception {
    Path file = work.resolve("credentials.env");
    String kept = "kept-ingest-token-0123456789abcdefghijklmnopq";
    Files.write(file, List.of("PULSE_INGEST_TOKEN=" + kept));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    LocalCredentials credentials = LocalCredentials.loadOrCreate(work);
    assertEquals(kept, credentials.ingestToken());
    assertTrue(credentials.readToken().length() >= 32);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    LocalCredentials.loadOrCreate(work);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void neverShowsTheValuesInItsTextOrUsage() {
    LocalCredentials credentials = LocalCredentials.loadOrCreate(work);
    String usage = credentials.usage("http://localhost:8080", "http://localhost:8081");
    for (String secret : credentials.environment().values()) {
      assertFalse(credentials.toString().contains(secret));
      assertFalse(usage.contains(secret), usage);
    }
    assertTrue(usage.contains("Authorization: Bearer $PULSE_READ_TOKEN"), usage);
    assertTrue(usage.contains("Authorization: Bearer $PULSE_INGEST_TOKEN"), usage);
    assertTrue(usage.contains(credentials.file().toString()), usage);
  }
}
