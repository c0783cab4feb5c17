package io.pulse.jobs.sentiment;

import java.util.Locale;

/**
 * The constituency parser under CoreNLP's sentiment model, which scores parse trees. The parser is
 * most of the cost of scoring a post (see bench/RESULTS.md, "Sentiment").
 */
public enum SentimentParser {
  /** English PCFG, in the {@code models} jar: small and quick to load, slower per sentence. */
  PCFG("edu/stanford/nlp/models/lexparser/englishPCFG.ser.gz", "tokenize,ssplit,parse,sentiment"),
  /**
   * English shift-reduce, only in the {@code models-english} jar (+445 MB, not a default
   * dependency): faster per sentence, several times the heap and load time. It parses tagged text,
   * so the part-of-speech tagger (models jar) runs first.
   */
  SHIFT_REDUCE(
      "edu/stanford/nlp/models/srparser/englishSR.ser.gz", "tokenize,ssplit,pos,parse,sentiment");

  private final String model;
  private final String annotators;

  SentimentParser(String model, String annotators) {
    this.model = model;
    this.annotators = annotators;
  }

  /** CoreNLP annotators that produce sentiment with this parser. */
  public String annotators() {
    return annotators;
  }

  /** Classpath resource of the parser model. */
  public String model() {
    return model;
  }

  /** {@code pcfg}, {@code shift-reduce} (or {@code sr}), as given in options. */
  public static SentimentParser parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return switch (v) {
      case "pcfg" -> PCFG;
      case "shift-reduce", "sr" -> SHIFT_REDUCE;
      default ->
          throw new IllegalArgumentException(
              "--parser must be pcfg or shift-reduce, got '" + value + "'");
    };
  }
}
