package io.pulse.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pulse.events.BankTransaction;
import io.pulse.events.BankTransactionCodec;
import io.pulse.events.JsonReader;
import io.pulse.simulator.OrderEmission;
import io.pulse.simulator.OrderLifecycleSimulator;
import io.pulse.simulator.OrderTrafficProfile;
import io.pulse.simulator.fraud.FraudSimulationOptions;
import io.pulse.simulator.fraud.SimulatedTransaction;
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
   * Card transactions at {@code perSecond}, through transaction-gateway: the customers, terminals,
   * amounts and frauds of the Fraud Detection Handbook's simulator, replayed in order but stamped
   * with the time they are sent (the gateway refuses future times, and a laptop cannot wait for
   * simulated days).
   */
  public static Stream transactions(
      URI gateway, LocalCredentials credentials, double perSecond, Instant now) {
    SimulatedTransactions history =
        TransactionSimulator.generate(
            FraudSimulationOptions.of(1_000, 2_000, 60, now.toEpochMilli()));
    IngestClient client = new IngestClient(gateway, credentials);
    String runId = Long.toString(now.toEpochMilli(), 36);
    return new Stream() {
      private long sent;

      @Override
      public String name() {
        return "transactions";
      }

      @Override
      public int sendDue(Instant at) throws IOException, InterruptedException {
        long due = (long) (Duration.between(now, at).toMillis() / 1000.0 * perSecond) - sent;
        if (due <= 0) {
          return 0;
        }
        ArrayNode batch = JsonReader.mapper().createArrayNode();
        for (long i = 0; i < due; i++) {
          SimulatedTransaction t = history.get((int) ((sent + i) % history.size()));
          BankTransaction tx = t.toEvent();
          BankTransaction stamped =
              new BankTransaction(
                  runId + "-" + (sent + i),
                  tx.customerId(),
                  tx.terminalId(),
                  tx.amount(),
                  tx.currency(),
                  at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
          batch.add(JsonReader.parse(BankTransactionCodec.encode(stamped)));
        }
        client.post("/v1/transactions", batch.toString().getBytes(StandardCharsets.UTF_8));
        sent += due;
        return (int) due;
      }
    };
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
