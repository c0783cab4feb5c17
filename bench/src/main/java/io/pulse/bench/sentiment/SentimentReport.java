package io.pulse.bench.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.events.JsonReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Medians of the runs in a results file, as the Markdown tables of bench/RESULTS.md. */
public final class SentimentReport {
  private SentimentReport() {}

  public static void main(String[] argv) throws Exception {
    Map<String, List<JsonNode>> runs = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(argv[0]))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode r = JsonReader.parse(line.getBytes(StandardCharsets.UTF_8));
      String config =
          r.get("parser").asText()
              + " "
              + (r.get("mode").asText().equals("spark")
                  ? "SocialSentiment local[" + r.get("cores").asInt() + "]"
                  : "CoreNLP alone, "
                      + (r.has("threads") ? r.get("threads").asInt() + " threads" : "1 thread"));
      runs.computeIfAbsent(config, k -> new ArrayList<>()).add(r);
    }
    System.out.println(
        "| parser | configuration | runs | posts/s | sentences/s | model load | live heap after"
            + " load | peak heap |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    runs.forEach(
        (config, rs) -> {
          String load =
              rs.get(0).has("loadMillis")
                  ? String.format("%.1f s", median(rs, r -> r.get("loadMillis").asDouble()) / 1000)
                  : String.format(
                      "(first run %.1f s)",
                      median(rs, r -> r.get("firstRunMillisInclModelLoad").asDouble()) / 1000);
          System.out.printf(
              "| %s | %s | %d | %.1f | %.1f | %s | %.0f MiB | %.0f MiB |%n",
              config.substring(0, config.indexOf(' ')),
              config.substring(config.indexOf(' ') + 1),
              rs.size(),
              median(rs, r -> r.get("postsPerSecond").asDouble()),
              median(rs, r -> r.get("sentencesPerSecond").asDouble()),
              load,
              median(
                  rs,
                  r ->
                      r.get("modelLiveHeapMiB").asDouble()
                          - r.get("baselineLiveHeapMiB").asDouble()),
              median(rs, r -> r.get("peakHeapMiB").asDouble()));
        });

    List<JsonNode> alone = new ArrayList<>();
    runs.values()
        .forEach(
            rs ->
                rs.stream().filter(r -> r.has("fixtureClasses")).findFirst().ifPresent(alone::add));
    System.out.println();
    for (JsonNode r : alone) {
      System.out.printf(
          "%s: %d of %d fixture sentences on the right side, classes %s%n",
          r.get("parser").asText(),
          r.get("fixtureCorrect").asInt(),
          r.get("fixtureClasses").size(),
          r.get("fixtureClasses"));
    }
    if (alone.size() == 2) {
      JsonNode a = alone.get(0).get("fixtureClasses");
      JsonNode b = alone.get(1).get("fixtureClasses");
      int same = 0;
      int sameSide = 0;
      for (int i = 0; i < a.size(); i++) {
        same += a.get(i).asInt() == b.get(i).asInt() ? 1 : 0;
        sameSide +=
            Integer.signum(a.get(i).asInt() - 2) == Integer.signum(b.get(i).asInt() - 2) ? 1 : 0;
      }
      System.out.printf(
          "agreement: same class %d of %d, same side (neg/neutral/pos) %d of %d%n",
          same, a.size(), sameSide, a.size());
    }
    resultLines(runs);
  }

  /**
   * The figures per parser: Spark on one core against CoreNLP alone, and two cores against
   * one, from the medians.
   */
  private static void resultLines(Map<String, List<JsonNode>> runs) {
    for (String parser :
        runs.keySet().stream().map(k -> k.substring(0, k.indexOf(' '))).distinct().toList()) {
      List<JsonNode> alone = runs.get(parser + " CoreNLP alone, 1 thread");
      List<JsonNode> one = runs.get(parser + " SocialSentiment local[1]");
      List<JsonNode> two = runs.get(parser + " SocialSentiment local[2]");
      if (alone == null || one == null || two == null) {
        continue;
      }
      ToDoubleFunction<JsonNode> rate = r -> r.get("postsPerSecond").asDouble();
      String suffix =
          parser.equalsIgnoreCase("pcfg") ? "" : "." + parser.toLowerCase(java.util.Locale.ROOT);
      System.out.printf(
          "result: sentiment.per_core_ratio%s=%.2f%n",
          suffix, median(one, rate) / median(alone, rate));
      System.out.printf(
          "result: sentiment.scaling_2_cores%s=%.2f%n",
          suffix, median(two, rate) / median(one, rate));
      // The machine's own limit for that figure: CoreNLP alone on two threads against one.
      List<JsonNode> aloneTwo = runs.get(parser + " CoreNLP alone, 2 threads");
      if (aloneTwo != null) {
        System.out.printf(
            "result: sentiment.corenlp_scaling_2_threads%s=%.2f%n",
            suffix, median(aloneTwo, rate) / median(alone, rate));
      }
    }
  }

  private static double median(List<JsonNode> runs, ToDoubleFunction<JsonNode> value) {
    double[] v = runs.stream().mapToDouble(value).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
