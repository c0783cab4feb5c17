package io.pulse.service;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of every 4xx/5xx answer (API.md): what is wrong, and the JSON path it is at. */
@Serdeable
public record ApiError(String error, @Nullable String field) {}
