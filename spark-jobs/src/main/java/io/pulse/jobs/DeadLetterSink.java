package io.pulse.jobs;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Where a task sends the dead letters it finds while decoding, from the executor, so that a job
 * needs no second query (and no second read of its topic) for them. Each task opens its own
 * producer on its first dead letter (most tasks never meet one) and flushes it before its last row
 * leaves the decoder: a task, hence its micro-batch, finishes only once its dead letters are
 * acknowledged (acks=all, idempotent, as the Spark Kafka sink writes), so none is lost.
 *
 * <p>Like Spark's Kafka sink, this is at least once: a task retried or a micro-batch replayed after
 * a crash sends its dead letters again. A dead letter names its record (topic, partition, offset),
 * the identity to drop repeats by.
 *
 * @param producerProperties Kafka client properties (bootstrap servers, security)
 * @param topic the dead-letter topic
 */
public record DeadLetterSink(Map<String, String> producerProperties, String topic)
    implements Serializable {

  public DeadLetterSink {
    producerProperties = Map.copyOf(producerProperties);
  }

  public static DeadLetterSink of(KafkaOptions kafka, String topic) {
    return new DeadLetterSink(kafka.clientProperties(), topic);
  }

  /** One task's sender; not thread-safe, like the task's iterator that uses it. */
  public Sender sender() {
    return new Sender();
  }

  /** Sends one task's dead letters; {@link #flush} before the task's output ends. */
  public final class Sender {
    private KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private Sender() {}

    public void send(byte[] key, byte[] value) {
      if (producer == null) {
        producer = open();
      }
      producer.send(
          new ProducerRecord<>(topic, key, value),
          (metadata, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            }
          });
    }

    /** Waits for every dead letter sent; fails the task if one could not be written. */
    public void flush() {
      if (producer == null) {
        return;
      }
      producer.flush();
      Exception e = failure.get();
      if (e != null) {
        throw new IllegalStateException("could not write a dead letter to " + topic, e);
      }
    }

    private KafkaProducer<byte[], byte[]> open() {
      Map<String, Object> props = new HashMap<>(producerProperties);
      props.put("acks", "all");
      props.put("enable.idempotence", "true");
      props.put("linger.ms", "5");
      KafkaProducer<byte[], byte[]> p =
          new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
      TaskContext task = TaskContext.get();
      if (task != null) {
        // Closed however the task ends; a failed task's unsent letters are sent by its retry.
        task.addTaskCompletionListener((TaskCompletionListener) t -> p.close());
      }
      return p;
    }
  }
}
