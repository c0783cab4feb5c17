package io.pulse.socialingest;

import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.HostileCorpus;
import io.pulse.testsupport.HostileInputCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hostile corpus against social-ingest running in its own JVM with the chart's heap and {@code
 * -XX:+ExitOnOutOfMemoryError}: every attack a JSON 4xx, the process alive throughout, and a valid
 * request accepted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocialIngestHostileInputIT {
  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @AfterAll
  void stopKafka() {
    kafka.close();
  }

  @Test
  void hostileReviewsAreRefusedAndTheServiceStaysUp() throws Exception {
    kafka.createTopic(Topics.SOCIAL_POSTS, 1, false);
    HostileInputCheck.run(
        "io.pulse.socialingest.SocialIngestApplication",
        "social-ingest",
        kafka.bootstrapServers(),
        "/v1/social/reviews",
        new HostileCorpus(
            "{\"reviewId\":\"r-1\",\"productId\":\"p-9\",\"rating\":%NUMBER%,\"title\":\"Fine\",\"body\":%TEXT%,\"submittedAt\":%DATE%}",
            "4", "\"2026-11-24T10:15:00Z\"", "\"Does the job.\""));
  }
}
