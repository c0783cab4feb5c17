package io.pulse.jobs.sentiment;

import java.io.Serializable;
import java.util.Properties;

/**
 * What decides how CoreNLP scores a text. Equal settings give the same scores, so one pipeline per
 * settings per JVM is enough (see {@link CoreNlpScorers}).
 *
 * @param parser the parser whose trees the sentiment model scores
 * @param maxSentenceTokens longer sentences are not parsed (CoreNLP's {@code parse.maxlen}): PCFG
 *     time grows with the cube of sentence length, and a 200-token "sentence" is a run-on post or a
 *     list, not an opinion; CoreNLP then scores a flat tree of it
 */
public record ScorerSettings(SentimentParser parser, int maxSentenceTokens)
    implements Serializable {
  public static final int DEFAULT_MAX_SENTENCE_TOKENS = 80;

  public ScorerSettings {
    if (maxSentenceTokens < 1) {
      throw new IllegalArgumentException("--max-sentence-tokens must be at least 1");
    }
  }

  public static ScorerSettings defaults() {
    return new ScorerSettings(SentimentParser.PCFG, DEFAULT_MAX_SENTENCE_TOKENS);
  }

  /** The CoreNLP pipeline properties. */
  public Properties properties() {
    Properties props = new Properties();
    props.setProperty("annotators", parser.annotators());
    props.setProperty("parse.model", parser.model());
    props.setProperty("parse.maxlen", Integer.toString(maxSentenceTokens));
    // The sentiment model scores binarized trees.
    props.setProperty("parse.binaryTrees", "true");
    return props;
  }
}
