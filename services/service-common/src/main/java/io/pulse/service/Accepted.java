package io.pulse.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The 202 answer of every ingest endpoint: how many records were published and, where records carry
 * ids the server may have made (order events), every id in request order, so a client can retry
 * exactly.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Accepted(int accepted, @Nullable List<String> eventIds) {}
