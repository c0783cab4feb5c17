package io.pulse.jobs;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import io.pulse.events.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;

/**
 * Kafka records whose values are flat JSON objects (String, Timestamp, Decimal, Double and Boolean
 * fields) -> rows of their StructType, read from the value bytes with Jackson's streaming parser
 * under Pulse's {@link JsonReader#LIMITS}. It gives the rows {@code from_json(col("value")
 * .cast("string"), schema)} gives, without what made that the largest item of FraudScoring's
 * profile (bench/RESULTS.md): a UTF8String copy of each value and a Reader per record.
 *
 * <p>Equal to from_json, value by value: an unknown field is skipped, a missing or null one is
 * null, a repeated one takes its last convertible value; a string field holding another JSON value
 * gets that value's JSON text (as Jackson copies it); a timestamp is a string that Spark's own
 * parser reads in the session time zone (what {@code to_json} writes) or an integer of epoch
 * seconds; a decimal is a number or a numeric string rounded half-up to the type's scale; a double
 * is a number or "NaN"/"Infinity" as to_json quotes them; a boolean is true or false. A value that
 * does not convert (wrong type, nesting, a decimal over its precision, an unparsable time) is null
 * in a row that keeps the record's other fields (from_json's partial result). A value that is
 * {@code null}, empty, or not a JSON object gives an all-null row, as from_json does.
 *
 * <p>All-null rows where from_json may differ: broken JSON (a syntax error, truncation); what
 * {@link JsonReader#LIMITS} refuse (long numbers, and numeric strings as long, long strings, deep
 * nesting); what only Spark's more lenient parser reads (single quotes, bare NaN); UTF-16 or
 * UTF-32. Bytes that are not valid UTF-8 may read differently (from_json reads each as U+FFFD; here
 * the record is all null, or what Jackson decodes). No record makes it throw.
 */
public final class FlatJsonDecoder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A value that does not convert: the field keeps what it had, as in from_json. */
  private static final Object FAILED = new Object();

  /**
   * Past this decimal exponent a value can only overflow any decimal Spark has (38 digits) or round
   * to zero; rescaling it as written would take about 10^exponent digits.
   */
  private static final int MAX_EXPONENT = 64;

  private enum Kind {
    STRING,
    TIMESTAMP,
    DECIMAL,
    DOUBLE,
    BOOLEAN
  }

  private final Kind[] kinds;
  private final int[] precisions;
  private final int[] scales;
  private final HashMap<String, Integer> index;
  private final ZoneId zone;
  private final boolean instants;

  /**
   * @param zone the session time zone: where a time without an offset is
   * @param instants whether Rows hold timestamps as Instant (Spark's java8API) or Timestamp
   */
  FlatJsonDecoder(StructType schema, ZoneId zone, boolean instants) {
    int n = schema.size();
    this.kinds = new Kind[n];
    this.precisions = new int[n];
    this.scales = new int[n];
    this.index = new HashMap<>();
    this.zone = zone;
    this.instants = instants;
    for (int i = 0; i < n; i++) {
      StructField f = schema.fields()[i];
      kinds[i] = kind(f);
      if (f.dataType() instanceof DecimalType d) {
        precisions[i] = d.precision();
        scales[i] = d.scale();
      }
      index.put(f.name(), i);
    }
  }

  /** Kafka records -> rows of {@code schema} decoded from their values. */
  public static Dataset<Row> rows(Dataset<Row> kafkaRecords, StructType schema) {
    FlatJsonDecoder decoder = of(kafkaRecords, schema);
    return kafkaRecords
        .select("value")
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>)
                records -> decoder.map(records, r -> RowFactory.create(decoder.decode(r))),
            Encoders.row(schema));
  }

  /**
   * Kafka records -> rows of {@code schema} plus {@code receivedAtColumn}, the record's Kafka
   * timestamp.
   */
  public static Dataset<Row> rowsReceivedAt(
      Dataset<Row> kafkaRecords, StructType schema, String receivedAtColumn) {
    FlatJsonDecoder decoder = of(kafkaRecords, schema);
    int width = schema.size();
    return kafkaRecords
        .select("value", "timestamp")
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>)
                records ->
                    decoder.map(
                        records,
                        r -> {
                          Object[] values = new Object[width + 1];
                          System.arraycopy(decoder.decode(r), 0, values, 0, width);
                          values[width] = r.get(1);
                          return RowFactory.create(values);
                        }),
            Encoders.row(schema.add(receivedAtColumn, DataTypes.TimestampType)));
  }

  private static FlatJsonDecoder of(Dataset<Row> kafkaRecords, StructType schema) {
    var conf = kafkaRecords.sparkSession().conf();
    return new FlatJsonDecoder(
        schema,
        DateTimeUtils.getZoneId(conf.get("spark.sql.session.timeZone")),
        Boolean.parseBoolean(conf.get("spark.sql.datetime.java8API.enabled", "false")));
  }

  private Iterator<Row> map(Iterator<Row> records, java.util.function.Function<Row, Row> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Row next() {
        return f.apply(records.next());
      }
    };
  }

  private Object[] decode(Row record) {
    return decode(record.isNullAt(0) ? null : (byte[]) record.get(0));
  }

  /** One value -> the row's field values; all null for what is not such an object. */
  Object[] decode(byte[] json) {
    Object[] row = new Object[kinds.length];
    if (json == null || !utf8(json)) {
      return row;
    }
    JsonFactory factory = JsonReader.mapper().getFactory();
    try (JsonParser p = factory.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return row;
      }
      // Whatever follows the object is not read, as from_json does not read it.
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          return new Object[kinds.length];
        }
        Integer i = index.get(p.currentName());
        JsonToken value = p.nextToken();
        if (i == null) {
          p.skipChildren();
          continue;
        }
        Object v = value == JsonToken.VALUE_NULL ? null : convert(i, p, value, factory);
        if (v == FAILED) {
          p.skipChildren();
        } else {
          row[i] = v;
        }
      }
      return row;
    } catch (IOException | RuntimeException e) {
      // Broken JSON, a limit, or a value no rule above foresaw: never a failed task.
      return new Object[kinds.length];
    }
  }

  private Object convert(int i, JsonParser p, JsonToken t, JsonFactory factory) throws IOException {
    return switch (kinds[i]) {
      case STRING -> t == JsonToken.VALUE_STRING ? p.getText() : jsonText(p, factory);
      case TIMESTAMP -> timestamp(p, t);
      case DECIMAL -> decimal(p, t, precisions[i], scales[i]);
      case DOUBLE -> dbl(p, t);
      case BOOLEAN ->
          t == JsonToken.VALUE_TRUE
              ? Boolean.TRUE
              : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : FAILED;
    };
  }

  /** What from_json puts in a string field for another JSON value: Jackson's copy of it. */
  private static String jsonText(JsonParser p, JsonFactory factory) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
      g.copyCurrentStructure(p);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private Object timestamp(JsonParser p, JsonToken t) throws IOException {
    long micros;
    if (t == JsonToken.VALUE_STRING) {
      String text = p.getText();
      if (text.isEmpty()) {
        return FAILED;
      }
      // Spark's own parser, and its fallback for strings with "GMT" in them.
      UTF8String s = UTF8String.fromString(text);
      Option<Object> parsed = DateTimeUtils.stringToTimestamp(s, zone);
      if (parsed.isEmpty()) {
        parsed = DateTimeUtils.stringToTimestamp(DateTimeUtils.cleanLegacyTimestampStr(s), zone);
      }
      if (parsed.isEmpty()) {
        return FAILED;
      }
      micros = (Long) parsed.get();
    } else if (t == JsonToken.VALUE_NUMBER_INT) {
      try {
        micros = p.getLongValue() * 1_000_000L; // epoch seconds; wraps as Spark's does
      } catch (InputCoercionException e) {
        return FAILED;
      }
    } else {
      return FAILED;
    }
    return instants ? DateTimeUtils.microsToInstant(micros) : DateTimeUtils.toJavaTimestamp(micros);
  }

  private static Object decimal(JsonParser p, JsonToken t, int precision, int scale)
      throws IOException {
    BigDecimal value;
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      value = p.getDecimalValue();
    } else if (t == JsonToken.VALUE_STRING && p.getTextLength() >= 1) {
      String text = p.getText();
      if (text.length() > JsonReader.LIMITS.getMaxNumberLength()) {
        throw new IllegalArgumentException("numeric string over the number length limit");
      }
      try {
        // from_json's reading of a decimal string in its default locale (en-US).
        value = new BigDecimal(text.replace(",", ""));
      } catch (NumberFormatException e) {
        return FAILED;
      }
    } else {
      return FAILED;
    }
    long exponent = (long) value.precision() - value.scale() - 1;
    if (exponent > MAX_EXPONENT && value.signum() != 0) {
      return FAILED;
    }
    if (exponent < -MAX_EXPONENT || value.signum() == 0) {
      return BigDecimal.ZERO.setScale(scale);
    }
    BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
    return scaled.precision() > precision ? FAILED : scaled;
  }

  private static Object dbl(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (t != JsonToken.VALUE_STRING) {
      return FAILED;
    }
    return switch (p.getText()) {
      case "NaN" -> Double.NaN;
      case "+INF", "+Infinity", "Infinity" -> Double.POSITIVE_INFINITY;
      case "-INF", "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> FAILED;
    };
  }

  /**
   * Jackson would also detect UTF-16 and UTF-32 from the bytes, which from_json (UTF-8 always) does
   * not read: a byte order mark or a NUL among the first bytes gives them away.
   */
  private static boolean utf8(byte[] json) {
    if (json.length == 0) {
      return true;
    }
    int b0 = json[0] & 0xFF;
    if (b0 == 0xFE || b0 == 0xFF || b0 == 0xEF || b0 == 0) {
      return false;
    }
    return json.length < 2 || json[1] != 0;
  }

  private static Kind kind(StructField f) {
    DataType t = f.dataType();
    if (t.equals(DataTypes.StringType)) {
      return Kind.STRING;
    }
    if (t.equals(DataTypes.TimestampType)) {
      return Kind.TIMESTAMP;
    }
    if (t instanceof DecimalType) {
      return Kind.DECIMAL;
    }
    if (t.equals(DataTypes.DoubleType)) {
      return Kind.DOUBLE;
    }
    if (t.equals(DataTypes.BooleanType)) {
      return Kind.BOOLEAN;
    }
    throw new IllegalArgumentException("not a flat field of a supported type: " + f);
  }
}
