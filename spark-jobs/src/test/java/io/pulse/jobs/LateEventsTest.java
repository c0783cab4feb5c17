package io.pulse.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which source of a query with several (a stream-stream join) read the watched topic. */
class LateEventsTest {
  @Test
  void aSourceReadsTheTopicItsOffsetsName() {
    String offsets = "{\"bank.fraud-labels\":{\"0\":12,\"1\":3}}";
    assertTrue(LateEvents.readsTopic(offsets, "bank.fraud-labels"));
    assertFalse(LateEvents.readsTopic(offsets, "bank.transactions.scored"));
    assertFalse(LateEvents.readsTopic(offsets, "bank.fraud"), "a prefix is another topic");
    assertFalse(LateEvents.readsTopic("not json", "bank.fraud-labels"));
    assertFalse(LateEvents.readsTopic("[1]", "bank.fraud-labels"));
  }
}
