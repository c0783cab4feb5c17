package io.pulse.jobs.sentiment;

import io.pulse.events.SocialPost;
import io.pulse.events.SocialPostCodec;
import io.pulse.jobs.EventSchemas;
import io.pulse.jobs.KafkaRecordDecoder;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes Kafka records of {@code social.posts} with the events module's codec, the rules
 * social-ingest applies. A record that breaks them keeps its Kafka coordinates and gets an {@code
 * error}, for the dead-letter topic.
 */
public final class SocialPostDecoder {
  static final StructType EVENT_COLUMNS = EventSchemas.of(SocialPost.class);

  private SocialPostDecoder() {}

  public static Dataset<Row> decode(Dataset<Row> kafkaRecords) {
    return KafkaRecordDecoder.decode(kafkaRecords, EVENT_COLUMNS, SocialPostDecoder::columns);
  }

  static Object[] columns(byte[] value) {
    SocialPost p = SocialPostCodec.decodeStored(value);
    return new Object[] {
      p.source().id(),
      p.sourcePostId(),
      p.author(),
      p.text(),
      p.language(),
      Timestamp.from(p.createdAt()),
      p.product(),
      p.rating()
    };
  }
}
