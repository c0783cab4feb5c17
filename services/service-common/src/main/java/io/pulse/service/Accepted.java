package io.pulse.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.pulse.events.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The 202 answer of every ingest endpoint: how many records were published and, where records carry
 * ids the server may have made (order events), every id in request order, so a client can retry
 * exactly.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Accepted(int accepted, @Nullable List<String> eventIds) {

  /**
   * The answer's bytes, written with Jackson's generator: every acknowledged request answers with
   * one, on the producer's I/O thread, so it skips the serde lookup and the body writer (the
   * single-event ingest profile, bench/RESULTS.md). Same JSON as serde writes for the record.
   */
  public byte[] toJson() {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(eventIds == null ? 16 : 24 + 40 * eventIds.size());
    try (JsonGenerator json = JsonReader.mapper().getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("accepted", accepted);
      if (eventIds != null) {
        json.writeArrayFieldStart("eventIds");
        for (String id : eventIds) {
          json.writeString(id);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to a byte array", e);
    }
    return out.toByteArray();
  }
}
