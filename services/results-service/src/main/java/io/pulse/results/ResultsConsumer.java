package io.pulse.results;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the routing table's topics from the beginning, without a consumer group
 * (nothing to commit: each replica and each restart rebuilds its views from the compacted topics),
 * on one thread of its own. A topic that does not exist yet is looked for again until it does.
 */
@Context
public class ResultsConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(ResultsConsumer.class);

  /** How often partitions are looked up again (new topics, added partitions). */
  private static final Duration REDISCOVER = Duration.ofSeconds(5);

  private final ResultRouter router;
  private final Set<String> topics;
  private final ReplayProgress replay;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaClientMetrics consumerMetrics;
  private final Thread thread;
  private final Set<TopicPartition> assigned = new HashSet<>();
  private volatile Set<String> subscribed = Set.of();
  private volatile boolean running = true;

  public ResultsConsumer(
      ResultRouter router,
      ResultViews views,
      ReplayProgress replay,
      Environment environment,
      MeterRegistry metrics) {
    this.router = router;
    this.topics = views.topics();
    this.replay = replay;
    this.consumer =
        new KafkaConsumer<>(
            properties(environment), new StringDeserializer(), new ByteArrayDeserializer());
    this.consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(metrics);
    this.thread = new Thread(this::run, "results-consumer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The connection settings under {@code kafka.*} (bootstrap servers and any security settings, as
   * every service has them), then results-service's own consumer settings under {@code
   * pulse.results.consumer.*} (fetch sizes that bound memory).
   */
  private static Map<String, Object> properties(Environment environment) {
    Map<String, Object> props = new HashMap<>();
    environment
        .getProperties("kafka", StringConvention.RAW)
        .forEach(
            (key, value) -> {
              if (key.startsWith("bootstrap.")
                  || key.startsWith("security.")
                  || key.startsWith("sasl.")
                  || key.startsWith("ssl.")) {
                props.put(key, value);
              }
            });
    // RAW keys keep application.yml's localhost:9092 over KAFKA_BOOTSTRAP_SERVERS (an environment
    // variable is not seen under its raw name): the resolved property is what every service uses.
    environment
        .getProperty("kafka.bootstrap.servers", String.class)
        .ifPresent(servers -> props.put("bootstrap.servers", servers));
    props.putAll(environment.getProperties("pulse.results.consumer", StringConvention.RAW));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "results-service");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return props;
  }

  /** The topics whose partitions this service reads now. */
  public Set<String> subscribedTopics() {
    return subscribed;
  }

  private void run() {
    long nextLookup = 0;
    try {
      while (running) {
        try {
          if (System.nanoTime() >= nextLookup) {
            discover();
            nextLookup = System.nanoTime() + REDISCOVER.toNanos();
          }
          if (assigned.isEmpty()) {
            replay.update(partition -> 0L); // no results topic at start: nothing to replay
            Thread.sleep(200);
            continue;
          }
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            router.apply(r.topic(), r.key(), r.value());
          }
          replay.update(consumer::position);
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          // A broker that is starting, restarting or frozen: the view keeps serving what it has
          // and the consumer tries again; only closing the service ends this loop.
          LOG.warn("results consumer: {}; trying again in 1 s", e.toString());
          Thread.sleep(1000);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("results consumer stopped", e);
    } finally {
      consumer.close();
    }
  }

  /**
   * Assigns partitions not read yet, from the beginning; the first time, marks the replay's end.
   */
  private void discover() {
    Set<TopicPartition> found = new HashSet<>();
    for (String topic : topics) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (partitions != null) {
        partitions.forEach(p -> found.add(new TopicPartition(p.topic(), p.partition())));
      }
    }
    Set<TopicPartition> added = new HashSet<>(found);
    added.removeAll(assigned);
    if (!replay.started()) {
      replay.start(consumer.endOffsets(found));
    }
    if (added.isEmpty()) {
      return;
    }
    assigned.addAll(added);
    consumer.assign(assigned);
    consumer.seekToBeginning(added);
    subscribed =
        assigned.stream().map(TopicPartition::topic).collect(Collectors.toCollection(TreeSet::new));
    Collection<String> missing = new TreeSet<>(topics);
    missing.removeAll(subscribed);
    LOG.info(
        "reading {} partitions of {}; not there yet: {}", assigned.size(), subscribed, missing);
  }

  @PreDestroy
  void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(Duration.ofSeconds(10).toMillis());
    consumerMetrics.close();
  }
}
