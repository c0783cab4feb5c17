package io.pulse.simulator.social;

import java.time.Instant;

/**
 * A post as the simulator made it up.
 *
 * @param source facebook, twitter or reviews
 * @param id the simulator's id of the post (each feed wraps it in its own id format)
 * @param text the text the feed carries
 * @param product the product the text is about
 * @param polarity the class the text was written to have, 0 (very negative) .. 4 (very positive)
 */
public record SimulatedPost(
    String source,
    String id,
    String author,
    String text,
    String product,
    int polarity,
    Instant createdAt) {}
