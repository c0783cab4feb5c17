package io.pulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decodes labels sent by clients (investigators' tools, chargeback feeds) with the rules of every
 * ingest endpoint: one label or an array, all valid or an {@link InvalidEventException} naming the
 * field. Stored records are read by {@link FraudLabel#decode}, which has no clock.
 */
public final class FraudLabelCodec {
  private final Clock clock;
  private final Duration maxClockSkew;

  public FraudLabelCodec(Clock clock, Duration maxClockSkew) {
    this.clock = clock;
    this.maxClockSkew = maxClockSkew;
  }

  public List<FraudLabel> decodeRequest(byte[] body) {
    Instant receivedAt = clock.instant();
    return JsonReader.readBatch(
        JsonReader.parse(body), (node, path) -> decodeOne(node, path, receivedAt));
  }

  private FraudLabel decodeOne(JsonNode node, String path, Instant receivedAt) {
    // The source first: a label that does not say who labelled it cannot be weighed.
    String source = FraudLabel.source(node, path, true);
    FraudLabel label = FraudLabel.decodeFields(node, path, source);
    Instant latest = receivedAt.plus(maxClockSkew);
    if (label.labelledAt().isAfter(latest)) {
      throw future("labelledAt", label.labelledAt(), receivedAt, path);
    }
    if (label.timestamp() != null) {
      if (label.timestamp().isAfter(latest)) {
        throw future("timestamp", label.timestamp(), receivedAt, path);
      }
      if (label.timestamp().isAfter(label.labelledAt())) {
        throw new InvalidEventException(
            "timestamp "
                + label.timestamp()
                + " is after labelledAt "
                + label.labelledAt()
                + ": a transaction is labelled after it happened",
            JsonReader.path(path, "timestamp"));
      }
    }
    return label;
  }

  private InvalidEventException future(String name, Instant value, Instant now, String path) {
    return new InvalidEventException(
        name
            + " "
            + value
            + " is more than "
            + maxClockSkew.toMinutes()
            + " minutes in the future (server time "
            + now
            + ")",
        JsonReader.path(path, name));
  }
}
