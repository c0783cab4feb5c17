package io.pulse.jobs.sentiment;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.trees.Tree;
import edu.stanford.nlp.util.CoreMap;

/**
 * Scores texts with one loaded CoreNLP pipeline. Thread-safe: CoreNLP's annotate may be called from
 * several threads at once, which is how Spark's task threads share one pipeline per executor.
 */
public final class CoreNlpScorer {
  private final ScorerSettings settings;
  private final StanfordCoreNLP pipeline;
  private final long loadMillis;

  CoreNlpScorer(ScorerSettings settings) {
    long start = System.nanoTime();
    this.settings = settings;
    this.pipeline = new StanfordCoreNLP(settings.properties());
    this.loadMillis = (System.nanoTime() - start) / 1_000_000;
  }

  public ScorerSettings settings() {
    return settings;
  }

  /** How long loading the models took, for the benchmark and the startup log. */
  public long loadMillis() {
    return loadMillis;
  }

  public PostScore score(String text) {
    Annotation annotation = new Annotation(text);
    pipeline.annotate(annotation);
    long weighted = 0;
    int tokens = 0;
    int sentences = 0;
    for (CoreMap sentence : annotation.get(CoreAnnotations.SentencesAnnotation.class)) {
      Tree tree = sentence.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class);
      int length = sentence.get(CoreAnnotations.TokensAnnotation.class).size();
      if (tree == null || length == 0) {
        continue;
      }
      weighted += (long) RNNCoreAnnotations.getPredictedClass(tree) * length;
      tokens += length;
      sentences++;
    }
    // A text with no scorable sentence (only symbols CoreNLP drops) is neutral, not an error.
    double score = tokens == 0 ? 2.0 : (double) weighted / tokens;
    return new PostScore(score, sentences, tokens);
  }
}
