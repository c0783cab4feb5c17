package io.pulse.simulator.social;

import java.time.Instant;
import java.util.List;

/**
 * One request a social feed would make to social-ingest: the adapter's path and the JSON body in
 * that feed's own format, sent at {@code sendTime}, and the posts it carries as the simulator wrote
 * them (what a test expects social-ingest to make of the body).
 */
public record SocialDelivery(
    String path, String body, List<SimulatedPost> posts, Instant sendTime) {}
