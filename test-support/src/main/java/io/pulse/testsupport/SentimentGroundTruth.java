package io.pulse.testsupport;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.util.CoreMap;
import io.pulse.events.Sentiment;
import io.pulse.events.SentimentWindow;
import io.pulse.events.SocialPost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What SocialSentiment must produce, worked out without Spark by running CoreNLP directly: the
 * score of a text (its sentences' predicted classes weighted by their lengths in tokens) and the
 * windows of a set of posts. Needs {@code edu.stanford.nlp:stanford-corenlp} and its models on the
 * test classpath (an optional dependency here).
 */
public final class SentimentGroundTruth {
  /** The models jar's PCFG parser, SocialSentiment's default. */
  public static final String PCFG = "edu/stanford/nlp/models/lexparser/englishPCFG.ser.gz";

  private final StanfordCoreNLP pipeline;
  private final Map<String, Double> scores = new HashMap<>();

  /**
   * @param parserModel classpath resource of the parser model
   * @param maxSentenceTokens CoreNLP's parse.maxlen, as the job is configured
   */
  public SentimentGroundTruth(String parserModel, int maxSentenceTokens) {
    Properties props = new Properties();
    // The shift-reduce parser parses tagged text; PCFG tags as it parses.
    props.setProperty(
        "annotators",
        parserModel.contains("srparser")
            ? "tokenize,ssplit,pos,parse,sentiment"
            : "tokenize,ssplit,parse,sentiment");
    props.setProperty("parse.model", parserModel);
    props.setProperty("parse.maxlen", Integer.toString(maxSentenceTokens));
    props.setProperty("parse.binaryTrees", "true");
    this.pipeline = new StanfordCoreNLP(props);
  }

  /** CoreNLP's classes of each sentence of {@code text}, in order. */
  public List<Integer> sentenceClasses(String text) {
    List<Integer> out = new ArrayList<>();
    for (CoreMap sentence : annotate(text)) {
      out.add(
          RNNCoreAnnotations.getPredictedClass(
              sentence.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class)));
    }
    return out;
  }

  /** The text's score on the 0..4 scale: sentence classes weighted by sentence tokens. */
  public double score(String text) {
    return scores.computeIfAbsent(
        text,
        t -> {
          double weighted = 0;
          int tokens = 0;
          for (CoreMap sentence : annotate(t)) {
            int length = sentence.get(CoreAnnotations.TokensAnnotation.class).size();
            weighted +=
                RNNCoreAnnotations.getPredictedClass(
                        sentence.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class))
                    * (double) length;
            tokens += length;
          }
          return tokens == 0 ? 2.0 : weighted / tokens;
        });
  }

  private List<CoreMap> annotate(String text) {
    Annotation annotation = new Annotation(text);
    pipeline.annotate(annotation);
    return annotation.get(CoreAnnotations.SentencesAnnotation.class);
  }

  /**
   * The windows of {@code posts}, each post counted once per key (source + sourcePostId, first
   * occurrence wins), keyed by {@link SentimentWindow#key()}: one per window and source over all
   * products, and one per window, source and product for posts that name one. All posts must be on
   * time for the job's watermark; this does not model lateness.
   */
  public Map<String, SentimentWindow> windows(Collection<SocialPost> posts, Duration windowLength) {
    Map<String, SocialPost> unique = new LinkedHashMap<>();
    posts.forEach(p -> unique.putIfAbsent(p.key(), p));
    Map<String, List<Double>> groups = new TreeMap<>();
    Map<String, Object[]> groupIds = new HashMap<>();
    for (SocialPost p : unique.values()) {
      Instant start = OrderStatusGroundTruth.windowStart(p.createdAt(), windowLength);
      List<String> products = new ArrayList<>();
      products.add(null);
      if (p.product() != null) {
        products.add(p.product());
      }
      for (String product : products) {
        String key = SentimentWindow.key(start, p.source().id(), product);
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(score(p.text()));
        groupIds.put(key, new Object[] {start, p.source(), product});
      }
    }
    Map<String, SentimentWindow> out = new TreeMap<>();
    groups.forEach(
        (key, scoresOfGroup) -> {
          Object[] id = groupIds.get(key);
          Instant start = (Instant) id[0];
          List<Long> histogram = new ArrayList<>(List.of(0L, 0L, 0L, 0L, 0L));
          double sum = 0;
          for (double s : scoresOfGroup) {
            histogram.set(Sentiment.classOf(s), histogram.get(Sentiment.classOf(s)) + 1);
            sum += s;
          }
          out.put(
              key,
              new SentimentWindow(
                  start,
                  start.plus(windowLength),
                  (io.pulse.events.SocialSource) id[1],
                  (String) id[2],
                  scoresOfGroup.size(),
                  sum / scoresOfGroup.size(),
                  histogram));
        });
    return out;
  }
}
