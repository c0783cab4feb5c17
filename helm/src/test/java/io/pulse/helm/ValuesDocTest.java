package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every value in values.yaml is documented by a helm-docs {@code # --} comment on itself or on a
 * parent key (a comment on a map documents what is inside it).
 */
class ValuesDocTest {
  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_.-]+):");

  @Test
  void everyValueHasADashDashComment() throws IOException {
    List<String> lines = Files.readAllLines(PulseChart.ofRepository().dir().resolve("values.yaml"));
    Deque<int[]> documentedIndents = new ArrayDeque<>(); // indents of documented ancestors
    List<String> undocumented = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = KEY.matcher(lines.get(i));
      if (!m.find()) {
        continue; // comments, list items, blank lines
      }
      int indent = m.group(1).length();
      while (!documentedIndents.isEmpty() && documentedIndents.peek()[0] >= indent) {
        documentedIndents.pop();
      }
      boolean commented = i > 0 && lines.get(i - 1).trim().startsWith("# --");
      boolean inherited = documentedIndents.stream().anyMatch(d -> d[1] == 1);
      boolean isMap = lines.get(i).trim().endsWith(":");
      if (!commented && !inherited && !isMap) {
        undocumented.add((i + 1) + ": " + lines.get(i).trim());
      }
      documentedIndents.push(new int[] {indent, commented || inherited ? 1 : 0});
    }
    assertEquals(List.of(), undocumented, "values without a '# --' comment");
  }
}
