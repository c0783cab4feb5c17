package io.pulse.service;

import io.micronaut.serde.annotation.Serdeable;

/** The 202 answer of every ingest endpoint: how many records were published. */
@Serdeable
public record Accepted(int accepted) {}
