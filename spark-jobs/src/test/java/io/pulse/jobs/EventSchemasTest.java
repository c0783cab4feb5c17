package io.pulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pulse.events.BankTransaction;
import io.pulse.events.FraudLabel;
import io.pulse.events.OrderStatusEvent;
import io.pulse.events.ScoredPost;
import io.pulse.events.SocialPost;
import io.pulse.jobs.commerce.OrderEventDecoder;
import io.pulse.jobs.fraud.FraudEventDecoder;
import io.pulse.jobs.sentiment.SocialPostDecoder;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spark schemas come from the events' records, and every decoder emits exactly those. */
class EventSchemasTest {
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.create("event-schemas-test", "local[1]", 1);
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void mapsRecordComponentsToSparkTypesInDeclarationOrder() {
    assertEquals(
        StructType.fromDDL(
            "eventId STRING, orderId STRING, productId STRING, status STRING,"
                + " eventTime TIMESTAMP"),
        EventSchemas.of(OrderStatusEvent.class));
    assertEquals(
        StructType.fromDDL(
            "transactionId STRING, customerId STRING, terminalId STRING, amount DECIMAL(14,2),"
                + " currency STRING, timestamp TIMESTAMP"),
        EventSchemas.of(BankTransaction.class));
    assertEquals(
        StructType.fromDDL(
            "transactionId STRING, terminalId STRING, timestamp TIMESTAMP, fraud BOOLEAN,"
                + " labelledAt TIMESTAMP, source STRING"),
        EventSchemas.of(FraudLabel.class));
    // A nested record is flattened: the post's columns, then the score's.
    assertEquals(
        StructType.fromDDL(
            "source STRING, sourcePostId STRING, author STRING, text STRING, language STRING,"
                + " createdAt TIMESTAMP, product STRING, rating INT, score DOUBLE, sentiment INT,"
                + " sentences INT"),
        EventSchemas.of(ScoredPost.class));
  }

  @Test
  void everyDecoderEmitsItsEventsDerivedSchema() {
    Dataset<Row> none = spark.createDataFrame(List.of(), KafkaRecordDecoder.KAFKA_COLUMNS);
    assertDecodes(OrderStatusEvent.class, OrderEventDecoder::decode, none);
    assertDecodes(SocialPost.class, SocialPostDecoder::decode, none);
    assertDecodes(BankTransaction.class, FraudEventDecoder::transactions, none);
    assertDecodes(FraudLabel.class, FraudEventDecoder::labels, none);
  }

  private static void assertDecodes(
      Class<? extends Record> event, UnaryOperator<Dataset<Row>> decoder, Dataset<Row> records) {
    assertEquals(
        KafkaRecordDecoder.schema(EventSchemas.of(event)),
        decoder.apply(records).schema(),
        event.getSimpleName());
  }
}
