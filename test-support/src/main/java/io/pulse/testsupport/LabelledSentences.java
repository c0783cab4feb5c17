package io.pulse.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small hand-labelled fixture of English sentences of clear polarity (labelled-sentences.tsv):
 * what any sentiment model should get right. Customer-review slang is left out on purpose:
 * CoreNLP's model, trained on film reviews, is unreliable on it (see STACK.md).
 */
public final class LabelledSentences {
  public enum Polarity {
    POSITIVE,
    NEGATIVE
  }

  public record Sentence(Polarity polarity, String text) {}

  private LabelledSentences() {}

  public static List<Sentence> load() {
    List<Sentence> out = new ArrayList<>();
    try (InputStream in = LabelledSentences.class.getResourceAsStream("labelled-sentences.tsv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        out.add(
            new Sentence(Polarity.valueOf(line.substring(0, tab).trim()), line.substring(tab + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
