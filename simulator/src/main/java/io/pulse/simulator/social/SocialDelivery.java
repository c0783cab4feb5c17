package io.pulse.simulator.social;

import java.time.Instant;

/**
 * One request a social feed would make to social-ingest: the adapter's path and the JSON body in
 * that feed's own format, sent at {@code sendTime}.
 *
 * @param posts how many posts the body carries
 */
public record SocialDelivery(String path, String body, int posts, Instant sendTime) {}
