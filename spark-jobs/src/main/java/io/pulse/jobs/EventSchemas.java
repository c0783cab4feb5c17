package io.pulse.jobs;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark schema of an event or result, derived from its record in the events module (the
 * contract) instead of restated: one column per record component, in declaration order. A component
 * that is itself a record is flattened into its columns (a scored post is the post's columns, then
 * the score's).
 *
 * <p>Types: String, enums and Currency -> string (enums as their JSON value, which the decoder
 * writes); Instant -> timestamp; BigDecimal -> {@link #MONEY}; int/Integer -> int, long/Long ->
 * bigint, double/Double -> double, boolean/Boolean -> boolean; List of T -> array of T; Map of
 * String to T -> map. Every column is nullable: a decoded row of a malformed record has no event
 * values.
 */
public final class EventSchemas {
  /**
   * The contract's only decimals are money amounts: two decimals (the codecs enforce it) and 12
   * digits before the point, far above any amount the codecs accept.
   */
  public static final DecimalType MONEY = DataTypes.createDecimalType(14, 2);

  private EventSchemas() {}

  public static StructType of(Class<? extends Record> type) {
    StructType schema = new StructType();
    for (RecordComponent c : type.getRecordComponents()) {
      if (c.getType().isRecord()) {
        for (StructField f : of(c.getType().asSubclass(Record.class)).fields()) {
          schema = schema.add(f);
        }
      } else {
        schema = schema.add(c.getName(), typeOf(c.getGenericType()));
      }
    }
    return schema;
  }

  /** The columns {@code names} of {@code schema}, in that order. */
  public static StructType select(StructType schema, String... names) {
    StructType selected = new StructType();
    for (String name : names) {
      selected = selected.add(schema.apply(name));
    }
    return selected;
  }

  private static DataType typeOf(Type type) {
    if (type instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments();
      if (p.getRawType() == List.class) {
        return DataTypes.createArrayType(typeOf(args[0]));
      }
      if (p.getRawType() == Map.class && args[0] == String.class) {
        return DataTypes.createMapType(DataTypes.StringType, typeOf(args[1]));
      }
      throw new IllegalArgumentException("no Spark type for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || c.isEnum() || c == Currency.class) {
      return DataTypes.StringType;
    } else if (c == Instant.class) {
      return DataTypes.TimestampType;
    } else if (c == BigDecimal.class) {
      return MONEY;
    } else if (c == int.class || c == Integer.class) {
      return DataTypes.IntegerType;
    } else if (c == long.class || c == Long.class) {
      return DataTypes.LongType;
    } else if (c == double.class || c == Double.class) {
      return DataTypes.DoubleType;
    } else if (c == boolean.class || c == Boolean.class) {
      return DataTypes.BooleanType;
    }
    throw new IllegalArgumentException("no Spark type for " + type);
  }
}
