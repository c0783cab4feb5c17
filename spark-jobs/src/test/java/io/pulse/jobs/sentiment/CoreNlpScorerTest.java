package io.pulse.jobs.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testsupport.LabelledSentences;
import io.pulse.testsupport.LabelledSentences.Polarity;
import io.pulse.testsupport.SentimentGroundTruth;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The job's CoreNLP scoring with the real models (default PCFG parser). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoreNlpScorerTest {
  private CoreNlpScorer scorer;
  private SentimentGroundTruth coreNlp;

  @BeforeAll
  void load() {
    scorer = CoreNlpScorers.get(ScorerSettings.defaults());
    coreNlp =
        new SentimentGroundTruth(
            SentimentGroundTruth.PCFG, ScorerSettings.DEFAULT_MAX_SENTENCE_TOKENS);
  }

  @Test
  void sentencesOfClearPolarityLandOnTheirSide() {
    List<LabelledSentences.Sentence> fixture = LabelledSentences.load();
    assertTrue(fixture.size() >= 20, "fixture has " + fixture.size() + " sentences");
    StringBuilder wrong = new StringBuilder();
    for (LabelledSentences.Sentence s : fixture) {
      double score = scorer.score(s.text()).score();
      boolean right = s.polarity() == Polarity.POSITIVE ? score > 2 : score < 2;
      if (!right) {
        wrong.append(String.format("%n  %s %.2f: %s", s.polarity(), score, s.text()));
      }
    }
    assertEquals("", wrong.toString(), "sentences scored on the wrong side");
  }

  @Test
  void aPostScoreIsItsSentenceClassesWeightedByTokens() {
    // Short praise, long complaint: by length the complaint dominates.
    String text =
        "Great. The phone stopped charging after two days and the replacement was even worse"
            + " than the first one.";
    PostScore s = scorer.score(text);
    List<Integer> classes = coreNlp.sentenceClasses(text);
    assertEquals(2, s.sentences());
    assertEquals(2, classes.size());
    // "Great ." is 2 tokens; the rest of the tokens belong to the second sentence.
    double expected = (classes.get(0) * 2.0 + classes.get(1) * (s.tokens() - 2.0)) / s.tokens();
    assertEquals(expected, s.score(), 1e-12);
    assertEquals(coreNlp.score(text), s.score(), 1e-12);
    assertTrue(s.score() < 2, "the long complaint outweighs the short praise: " + s);
  }

  @Test
  void scoresStayOnCoreNlpsScale() {
    for (String text : List.of("!!!", "ok", "Delivered on Tuesday.", "I love it. I hate it.")) {
      double score = scorer.score(text).score();
      assertTrue(score >= 0 && score <= 4, text + " -> " + score);
    }
  }

  @Test
  void onePipelinePerSettingsPerJvm() {
    assertSame(scorer, CoreNlpScorers.get(ScorerSettings.defaults()));
    assertSame(
        scorer,
        CoreNlpScorers.get(
            new ScorerSettings(SentimentParser.PCFG, ScorerSettings.DEFAULT_MAX_SENTENCE_TOKENS)));
  }

  @Test
  void parserOptionNamesBothParsers() {
    assertEquals(SentimentParser.PCFG, SentimentParser.parse("pcfg"));
    assertEquals(SentimentParser.SHIFT_REDUCE, SentimentParser.parse("shift-reduce"));
    assertEquals(SentimentParser.SHIFT_REDUCE, SentimentParser.parse("SR"));
  }
}
