package io.pulse.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.JsonReader;
import io.pulse.simulator.OrderEmission;
import io.pulse.simulator.OrderLifecycleSimulator;
import io.pulse.simulator.OrderTrafficProfile;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransactions;
import io.pulse.simulator.fraud.TransactionSimulator;
import io.pulse.simulator.social.SocialDelivery;
import io.pulse.simulator.social.SocialTrafficSimulator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the shop's outside world in real time: the order management system (order-ingest), the
 * social feeds (social-ingest) and the card network (transaction-gateway), each simulator's times
 * mapped onto the wall clock, so events arrive as in production, a few late or twice.
 */
public final class TrafficSimulator implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficSimulator.class);

  /** An order causes about three status changes. */
  private static final double EVENTS_PER_ORDER = 3.0;

  /** One simulated source: sends what is due at {@code now}, returns how many events it sent. */
  interface Stream {
    String name();

    int sendDue(Instant now) throws IOException, InterruptedException;
  }

  private final List<Stream> streams = new ArrayList<>();
  private final List<AtomicLong> sent = new ArrayList<>();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean running = true;

  public void add(Stream stream) {
    streams.add(stream);
    sent.add(new AtomicLong());
  }

  /** Order lifecycles at {@code eventsPerSecond}, through order-ingest. */
  public static Stream orders(
      URI orderIngest, LocalCredentials credentials, double eventsPerSecond, Instant now) {
    OrderLifecycleSimulator orders =
        new OrderLifecycleSimulator(
            OrderTrafficProfile.realistic(eventsPerSecond / EVENTS_PER_ORDER),
            now,
            null,
            now.toEpochMilli(),
            Long.toString(now.toEpochMilli(), 36));
    OrderTrafficSender sender = new OrderTrafficSender(orderIngest, credentials, 500);
    return new Stream() {
      @Override
      public String name() {
        return "order events";
      }

      @Override
      public int sendDue(Instant at) throws IOException, InterruptedException {
        List<OrderEmission> due = orders.emitUntil(at);
        sender.send(due);
        return due.size();
      }
    };
  }

  /** Posts from the three social feeds at {@code postsPerSecond}, through social-ingest. */
  public static Stream social(
      URI socialIngest, LocalCredentials credentials, double postsPerSecond, Instant now) {
    SocialTrafficSimulator social =
        new SocialTrafficSimulator(
            postsPerSecond, now, now.toEpochMilli() + 1, Long.toString(now.toEpochMilli(), 36));
    IngestClient client = new IngestClient(socialIngest, credentials);
    return new Stream() {
      @Override
      public String name() {
        return "posts";
      }

      @Override
      public int sendDue(Instant at) throws IOException, InterruptedException {
        int posts = 0;
        for (SocialDelivery d : social.emitUntil(at)) {
          client.post(d.path(), d.body().getBytes(StandardCharsets.UTF_8));
          posts += d.posts().size();
        }
        return posts;
      }
    };
  }

  /**
   * Card transactions at {@code perSecond}, through transaction-gateway, after {@code historyDays}
   * of history sent by {@link TransactionStream#preload()} (see {@link CardNetworkDemo}), and their
   * labels through its labels endpoint.
   */
  public static TransactionStream transactions(
      URI gateway, LocalCredentials credentials, double perSecond, int historyDays, Instant now) {
    SimulatedTransactions simulated =
        TransactionSimulator.generate(
            FraudSimulationOptions.of(
                1_000, 2_000, historyDays + LIVE_SIMULATED_DAYS, now.toEpochMilli()));
    return new TransactionStream(
        new CardNetworkDemo(
            simulated, historyDays, now, LIVE_LABEL_DELAY, Long.toString(now.toEpochMilli(), 36)),
        new IngestClient(gateway, credentials),
        perSecond);
  }

  /** Simulated days streamed after the history (about 3 hours at 5 a second), then repeated. */
  private static final int LIVE_SIMULATED_DAYS = 30;

  /** A demo cannot wait the handbook's week for an investigation. */
  private static final Duration LIVE_LABEL_DELAY = Duration.ofMinutes(1);

  /** The gateway's request limit is 1 MB: a thousand transactions are about 170 KB. */
  private static final int BATCH = 1_000;

  static final String TRANSACTIONS_PATH = "/v1/transactions";
  static final String LABELS_PATH = "/v1/transactions/labels";

  /** The card network's stream: history first ({@link #preload()}), then live. */
  public static final class TransactionStream implements Stream {
    private final CardNetworkDemo demo;
    private final IngestClient client;
    private final double perSecond;

    TransactionStream(CardNetworkDemo demo, IngestClient client, double perSecond) {
      this.demo = demo;
      this.client = client;
      this.perSecond = perSecond;
    }

    @Override
    public String name() {
      return "transactions";
    }

    /** Sends the history and its known labels; returns what was sent. */
    public CardNetworkDemo.Batch preload() throws IOException, InterruptedException {
      CardNetworkDemo.Batch history = demo.history();
      send(history);
      return history;
    }

    @Override
    public int sendDue(Instant at) throws IOException, InterruptedException {
      CardNetworkDemo.Batch due = demo.due(at, perSecond);
      send(due);
      return due.transactions().size();
    }

    private void send(CardNetworkDemo.Batch batch) throws IOException, InterruptedException {
      for (List<BankTransaction> part : chunks(batch.transactions())) {
        ArrayNode body = JsonReader.mapper().createArrayNode();
        part.forEach(tx -> body.add(JsonReader.parse(BankTransactionCodec.encode(tx))));
        client.post(TRANSACTIONS_PATH, body.toString().getBytes(StandardCharsets.UTF_8));
      }
      for (List<CardNetworkDemo.Label> part : chunks(batch.labels())) {
        client.post(LABELS_PATH, labelsBody(part));
      }
    }

    /** A request of the gateway's labels endpoint (API.md, Pulse's additions). */
    static byte[] labelsBody(List<CardNetworkDemo.Label> labels) {
      ArrayNode body = JsonReader.mapper().createArrayNode();
      for (CardNetworkDemo.Label label : labels) {
        body.addObject()
            .put("transactionId", label.transactionId())
            .put("terminalId", label.terminalId())
            .put("timestamp", label.timestamp().toString())
            .put("fraud", label.fraud())
            .put("source", CardNetworkDemo.LABEL_SOURCE)
            .put("labelledAt", label.labelledAt().toString());
      }
      return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static <T> List<List<T>> chunks(List<T> all) {
      List<List<T>> parts = new ArrayList<>();
      for (int from = 0; from < all.size(); from += BATCH) {
        parts.add(all.subList(from, Math.min(all.size(), from + BATCH)));
      }
      return parts;
    }
  }

  @Override
  public void run() {
    while (running) {
      Instant now = Instant.now();
      for (int i = 0; i < streams.size(); i++) {
        try {
          sent.get(i).addAndGet(streams.get(i).sendDue(now));
        } catch (IOException e) {
          // A service restarting or Kafka busy: these sends are lost, as a client without retries
          // would lose them.
          failures.incrementAndGet();
          LOG.warn("simulated {} not accepted: {}", streams.get(i).name(), e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      HttpProbe.sleep(Duration.ofMillis(250));
    }
  }

  public void stop() {
    running = false;
  }

  /** "sent 1,234 order events, 56 posts" */
  public String progress() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < streams.size(); i++) {
      parts.add(String.format("%,d %s", sent.get(i).get(), streams.get(i).name()));
    }
    String failed =
        failures.get() == 0 ? "" : String.format(" (%d requests refused, see log)", failures.get());
    return "sent " + String.join(", ", parts) + failed;
  }
}
