package io.pulse.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The decoder's rows are from_json's rows, value by value, odd values included. */
class FlatJsonDecoderTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("s", DataTypes.StringType)
          .add("t", DataTypes.TimestampType)
          .add("m", EventSchemas.MONEY)
          .add("d", DataTypes.DoubleType)
          .add("b", DataTypes.BooleanType);

  private static final Timestamp RECEIVED = Timestamp.from(Instant.parse("2026-11-24T10:00:00Z"));

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("flat-json-decoder-test", "local[2]", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Values whose row from_json gives and the decoder gives too. */
  private static final List<String> EQUAL =
      List.of(
          "{\"s\":\"a\",\"t\":\"2026-11-24T10:15:00.123Z\",\"m\":12.5,\"d\":0.25,\"b\":true}",
          "{\"s\":\"\\u00e9\\\"q\\\"\\n\",\"t\":\"2026-11-24T10:15:00.123456Z\",\"b\":false}",
          "{\"t\":\"2026-11-24T11:15:00+01:00\",\"m\":-0.005,\"d\":4.9E-324}",
          "{\"t\":\"2026-11-24 10:15:00\",\"m\":0.004,\"d\":1.7976931348623157E308}",
          "{\"t\":\"2026-11-24T10:15:00 GMT\",\"m\":1e-70,\"d\":-0.0}",
          "{\"t\":\"2026-11-24\",\"m\":0E+70,\"d\":12}",
          "{\"t\":1764000000,\"m\":\"1,234.565\",\"d\":\"NaN\"}",
          "{\"t\":99999999999999999999,\"m\":\"\",\"d\":\"-Infinity\"}",
          "{\"t\":\"\",\"m\":1e20,\"d\":\"+INF\"}",
          "{\"t\":\"not a time\",\"m\":\"x\",\"d\":\"1.5\",\"b\":\"true\"}",
          "{\"t\":1.5,\"m\":99999999999999.99,\"d\":true,\"b\":1}",
          "{\"s\":5,\"m\":999999999999.995}",
          "{\"s\":5.10,\"d\":1e400}",
          "{\"s\":-0,\"d\":-1e-400}",
          "{\"s\":true,\"b\":null}",
          "{\"s\":{\"a\":[1,{\"b\":null}],\"c\":\"x\"},\"m\":{\"x\":1},\"d\":[1,2],\"b\":[]}",
          "{\"s\":[1.0E-7,\"x\"]}",
          "{\"s\":\"first\",\"s\":\"last\",\"d\":1,\"d\":\"oops\"}",
          "{\"s\":\"set\",\"s\":null}",
          "{\"S\":\"case\",\"unknown\":{\"deep\":[[[1]]]},\"s\":\"x\"}",
          "{\"s\":\"x\"} trailing",
          "{}",
          "[]",
          "[{\"s\":\"x\"}]",
          "\"s\"",
          "5",
          "null",
          "",
          "   ",
          "not json");

  /** Values where the decoder gives an all-null row and from_json may give more. */
  private static final List<String> ALL_NULL =
      List.of(
          "{\"s\":\"x\",\"t\":\"2026-11-24T10:15:00Z\"",
          "{\"s\":\"x\",\"t\":\"2026-11-",
          "{'s':'single quotes'}",
          "{\"s\":\"x\",\"d\":NaN}",
          "{\"s\":\"x\",\"m\":" + "1".repeat(101) + "}",
          "{\"s\":\"x\",\"m\":\"" + "1".repeat(101) + "\"}",
          "{\"s\":\"x\",\"n\":" + "[".repeat(70) + "]".repeat(70) + "}");

  @Test
  void everyRowEqualsFromJsonsRow() {
    List<byte[]> values = new ArrayList<>();
    for (String v : EQUAL) {
      values.add(v.getBytes(StandardCharsets.UTF_8));
    }
    values.add(null);
    List<Row> expected = fromJson(values);
    List<Row> actual = decoded(values);
    assertEquals(values.size(), actual.size());
    assertEquals(
        RowFactory.create(
            "a",
            Timestamp.from(Instant.parse("2026-11-24T10:15:00.123Z")),
            new java.math.BigDecimal("12.50"),
            0.25,
            true,
            RECEIVED),
        actual.get(0));
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i) == null ? null : new String(values.get(i), StandardCharsets.UTF_8);
      assertEquals(expected.get(i), actual.get(i), "value " + v);
    }
  }

  @Test
  void refusedAndBrokenValuesGiveAllNullRows() {
    List<byte[]> values = new ArrayList<>();
    for (String v : ALL_NULL) {
      values.add(v.getBytes(StandardCharsets.UTF_8));
    }
    values.add("{\"s\":\"x\"}".getBytes(StandardCharsets.UTF_16));
    values.add(new byte[] {'{', '"', 's', '"', ':', '"', (byte) 0xC3, '"', '}'});
    for (Row r : decoded(values)) {
      for (int i = 0; i < SCHEMA.size(); i++) {
        assertTrue(r.isNullAt(i), r.toString());
      }
      assertEquals(RECEIVED, r.getTimestamp(SCHEMA.size()));
    }
  }

  @Test
  void unsupportedFieldTypesAreRefusedWhenTheQueryIsBuilt() {
    StructType nested = new StructType().add("n", SCHEMA);
    Dataset<Row> records = records(List.of());
    assertThrows(IllegalArgumentException.class, () -> FlatJsonDecoder.rows(records, nested));
  }

  private static Dataset<Row> records(List<byte[]> values) {
    List<Row> rows = new ArrayList<>();
    for (byte[] v : values) {
      rows.add(RowFactory.create(v, RECEIVED));
    }
    return spark.createDataFrame(
        rows,
        new StructType()
            .add("value", DataTypes.BinaryType)
            .add("timestamp", DataTypes.TimestampType));
  }

  private static List<Row> fromJson(List<byte[]> values) {
    return records(values)
        .select(from_json(col("value").cast("string"), SCHEMA).alias("j"), col("timestamp"))
        .select(col("j.*"), col("timestamp").alias("receivedAt"))
        .collectAsList();
  }

  private static List<Row> decoded(List<byte[]> values) {
    return FlatJsonDecoder.rowsReceivedAt(records(values), SCHEMA, "receivedAt").collectAsList();
  }
}
