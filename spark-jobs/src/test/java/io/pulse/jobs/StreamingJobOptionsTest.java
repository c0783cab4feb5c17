package io.pulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.jobs.sentiment.SocialSentimentOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamingJobOptionsTest {
  private static StreamingJobOptions parse(String... extra) {
    String[] argv = new String[extra.length + 2];
    argv[0] = "--checkpoint-location";
    argv[1] = "/tmp/checkpoint";
    System.arraycopy(extra, 0, argv, 2, extra.length);
    return SocialSentimentOptions.parse(argv, Map.of()).streaming();
  }

  @Test
  void aChainedQueryFiresMoreOftenThanTheTriggerButNeverLessOften() {
    assertEquals(Duration.ofSeconds(10), parse().triggerInterval());
    assertEquals(Duration.ofSeconds(2), parse().chainedTrigger());
    assertEquals(
        Duration.ofMillis(500), parse("--trigger-interval", "500 milliseconds").chainedTrigger());
    assertEquals(
        Duration.ofSeconds(5), parse("--chained-trigger-interval", "5 seconds").chainedTrigger());
  }
}
