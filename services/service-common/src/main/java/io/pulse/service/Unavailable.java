package io.pulse.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The 503 answer when Kafka did not take a batch in time: the usual error shape plus, where the
 * batch has ids, the ids to resend (generated ones included), so a retry never counts twice.
 */
@Serdeable
public record Unavailable(
    String error,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String field,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<String> eventIds) {}
