package io.pulse.results;

import io.micronaut.serde.annotation.Serdeable;
import io.pulse.events.OrderStatusWindow;
import java.util.List;

/** {@code GET /v1/commerce/status-counts}: windows sorted by start (API.md). */
@Serdeable
public record StatusCountsResponse(List<OrderStatusWindow> windows) {}
