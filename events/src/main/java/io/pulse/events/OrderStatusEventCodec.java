package io.pulse.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * JSON form of {@link OrderStatusEvent}. Ingest decodes client requests (eventId and eventTime may
 * be left out); the Spark job decodes stored records (every field present). Both use the same field
 * rules, so what the HTTP API accepts is exactly what the job counts.
 */
public final class OrderStatusEventCodec {
  /** How far ahead of the receiving clock an event time may be: clock skew, not time travel. */
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private final Clock clock;
  private final Duration maxClockSkew;

  public OrderStatusEventCodec(Clock clock, Duration maxClockSkew) {
    this.clock = clock;
    this.maxClockSkew = maxClockSkew;
  }

  private static final List<String> STORED_FIELDS =
      List.of("eventId", "orderId", "productId", "status", "eventTime");

  /** Decoder of stored records: no defaults, no clock. */
  public static OrderStatusEvent decodeStored(byte[] json) {
    String[] v = StoredFields.read(json, STORED_FIELDS);
    if (v != null) {
      try {
        return new OrderStatusEvent(
            JsonReader.checkedId(v[0], "eventId", "$"),
            JsonReader.checkedId(v[1], "orderId", "$"),
            JsonReader.checkedId(v[2], "productId", "$"),
            OrderStatus.parse(JsonReader.checkedText(v[3], "status", "$"), "$.status"),
            JsonReader.checkedInstant(v[4], "eventTime", "$"));
      } catch (InvalidEventException e) {
        // The general path below says it the way it always has.
      }
    }
    return decodeStoredTree(json);
  }

  /** The general path of {@link #decodeStored}: any JSON, every error named. */
  static OrderStatusEvent decodeStoredTree(byte[] json) {
    JsonNode root = JsonReader.parse(json);
    if (!root.isObject()) {
      throw new InvalidEventException("expected a JSON object, got " + JsonReader.kind(root), "$");
    }
    return new OrderStatusEvent(
        JsonReader.id(root, "eventId", "$"),
        JsonReader.id(root, "orderId", "$"),
        JsonReader.id(root, "productId", "$"),
        status(root, "$"),
        JsonReader.instant(root, "eventTime", "$"));
  }

  /** Decodes a client request: one event or an array; all valid or an exception. */
  public List<OrderStatusEvent> decodeRequest(byte[] body) {
    Instant receivedAt = clock.instant();
    return JsonReader.readBatch(
        JsonReader.parse(body), (node, path) -> decodeOne(node, path, receivedAt));
  }

  private OrderStatusEvent decodeOne(JsonNode node, String path, Instant receivedAt) {
    String eventId = JsonReader.optionalId(node, "eventId", path);
    String orderId = JsonReader.id(node, "orderId", path);
    String productId = JsonReader.id(node, "productId", path);
    OrderStatus status = status(node, path);
    Instant eventTime = JsonReader.optionalInstant(node, "eventTime", path);
    if (eventTime != null && eventTime.isAfter(receivedAt.plus(maxClockSkew))) {
      throw new InvalidEventException(
          "eventTime "
              + eventTime
              + " is more than "
              + maxClockSkew.toMinutes()
              + " minutes in the future (server time "
              + receivedAt
              + ")",
          JsonReader.path(path, "eventTime"));
    }
    return new OrderStatusEvent(
        eventId != null ? eventId : UUID.randomUUID().toString(),
        orderId,
        productId,
        status,
        eventTime != null ? eventTime : receivedAt);
  }

  private static OrderStatus status(JsonNode node, String path) {
    String value = JsonReader.text(node, "status", path);
    if (value == null) {
      throw new InvalidEventException("status is required", JsonReader.path(path, "status"));
    }
    return OrderStatus.parse(value, JsonReader.path(path, "status"));
  }

  /**
   * The stored form: the five fields in this order, written by Jackson's generator without building
   * a tree first (ingest encodes every record it publishes). Through characters, not Jackson's
   * UTF-8 writer, which would escape characters outside the BMP and so change the stored bytes.
   */
  public static byte[] encode(OrderStatusEvent event) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator json = JsonReader.mapper().getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("eventId", event.eventId());
      json.writeStringField("orderId", event.orderId());
      json.writeStringField("productId", event.productId());
      json.writeStringField("status", event.status().name());
      json.writeStringField("eventTime", event.eventTime().toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to a byte array", e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
