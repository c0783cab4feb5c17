package io.pulse.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of every 4xx/5xx answer (API.md): what is wrong, and the JSON path it is at. The field
 * is written even when null, as the contract shows it.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiError(String error, @Nullable String field) {}
