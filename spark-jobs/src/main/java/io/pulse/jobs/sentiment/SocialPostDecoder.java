package io.pulse.jobs.sentiment;

import io.pulse.events.InvalidEventException;
import io.pulse.events.SocialPost;
import io.pulse.events.SocialPostCodec;
import io.pulse.jobs.DeadLetters;
import java.sql.Timestamp;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes Kafka records of {@code social.posts} with the events module's codec, the rules
 * social-ingest applies. A record that breaks them keeps its Kafka coordinates and gets an {@code
 * error}, for the dead-letter topic.
 */
public final class SocialPostDecoder {
  static final StructType SCHEMA =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType)
          .add("timestamp", DataTypes.TimestampType)
          .add("source", DataTypes.StringType)
          .add("sourcePostId", DataTypes.StringType)
          .add("author", DataTypes.StringType)
          .add("text", DataTypes.StringType)
          .add("language", DataTypes.StringType)
          .add("createdAt", DataTypes.TimestampType)
          .add("product", DataTypes.StringType)
          .add("rating", DataTypes.IntegerType)
          .add(DeadLetters.ERROR, DataTypes.StringType)
          .add(DeadLetters.ERROR_FIELD, DataTypes.StringType);

  private SocialPostDecoder() {}

  public static Dataset<Row> decode(Dataset<Row> kafkaRecords) {
    return kafkaRecords
        .select("key", "value", "topic", "partition", "offset", "timestamp")
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) SocialPostDecoder::decodeAll, Encoders.row(SCHEMA));
  }

  private static Iterator<Row> decodeAll(Iterator<Row> records) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Row next() {
        return decodeOne(records.next());
      }
    };
  }

  static Row decodeOne(Row r) {
    byte[] value = (byte[]) r.get(1);
    try {
      SocialPost p = SocialPostCodec.decodeStored(value);
      return RowFactory.create(
          r.get(0),
          value,
          r.get(2),
          r.get(3),
          r.get(4),
          r.get(5),
          p.source().id(),
          p.sourcePostId(),
          p.author(),
          p.text(),
          p.language(),
          Timestamp.from(p.createdAt()),
          p.product(),
          p.rating(),
          null,
          null);
    } catch (InvalidEventException e) {
      return RowFactory.create(
          r.get(0),
          value,
          r.get(2),
          r.get(3),
          r.get(4),
          r.get(5),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          e.getMessage(),
          e.field());
    }
  }
}
