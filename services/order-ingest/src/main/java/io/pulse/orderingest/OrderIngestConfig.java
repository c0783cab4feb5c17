package io.pulse.orderingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * order-ingest settings ({@code pulse.order-ingest.*}, or PULSE_ORDER_INGEST_* in the environment).
 *
 * @param maxClockSkew how far in the future an eventTime may be, default 5 minutes
 */
@ConfigurationProperties("pulse.order-ingest")
public record OrderIngestConfig(Duration maxClockSkew) {}
