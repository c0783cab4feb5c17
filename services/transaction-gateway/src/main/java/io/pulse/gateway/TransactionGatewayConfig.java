package io.pulse.gateway;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * transaction-gateway settings ({@code pulse.transaction-gateway.*}, or PULSE_TRANSACTION_GATEWAY_*
 * in the environment).
 *
 * @param maxClockSkew how far in the future a timestamp may be, default 5 minutes
 */
@ConfigurationProperties("pulse.transaction-gateway")
public record TransactionGatewayConfig(Duration maxClockSkew) {}
