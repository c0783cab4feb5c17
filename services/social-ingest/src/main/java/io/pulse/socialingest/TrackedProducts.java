package io.pulse.socialingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds which tracked product or brand a post is about: the one named first in the text, matched
 * case-insensitively as whole words ("Acme" does not match "Acmeville"). A post names at most one
 * product in the windows; the first mention is usually the subject.
 */
public final class TrackedProducts {
  private record Entry(String name, Pattern pattern) {}

  private final List<Entry> entries;

  public TrackedProducts(List<String> names) {
    List<Entry> list = new ArrayList<>();
    for (String name : names) {
      if (name == null || name.isBlank()) {
        continue;
      }
      String trimmed = name.trim();
      String words = Pattern.quote(trimmed).replace(" ", "\\E\\s+\\Q");
      list.add(
          new Entry(
              trimmed,
              Pattern.compile(
                  "(?<![\\p{L}\\p{N}])" + words + "(?![\\p{L}\\p{N}])",
                  Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
    }
    // Longest name first, so "Acme Phone Pro" wins over "Acme Phone" at the same position.
    list.sort(Comparator.comparingInt((Entry e) -> e.name.length()).reversed());
    this.entries = List.copyOf(list);
  }

  /** The tracked name mentioned first in {@code text}, as configured, or null. */
  public String find(String text) {
    String best = null;
    int bestAt = Integer.MAX_VALUE;
    for (Entry e : entries) {
      Matcher m = e.pattern.matcher(text);
      if (m.find() && m.start() < bestAt) {
        best = e.name;
        bestAt = m.start();
      }
    }
    return best;
  }
}
