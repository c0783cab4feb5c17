package io.pulse.local;

import io.pulse.simulator.OrderEmission;
import io.pulse.simulator.OrderLifecycleSimulator;
import io.pulse.simulator.OrderTrafficProfile;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the order management system in real time: the simulator's send times are wall-clock times,
 * so events arrive as they would in production, a few late or twice.
 */
public final class TrafficSimulator implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficSimulator.class);

  /** An order causes about three status changes. */
  private static final double EVENTS_PER_ORDER = 3.0;

  private final OrderLifecycleSimulator orders;
  private final OrderTrafficSender sender;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private volatile boolean running = true;

  public TrafficSimulator(URI orderIngest, double eventsPerSecond) {
    Instant now = Instant.now();
    this.orders =
        new OrderLifecycleSimulator(
            OrderTrafficProfile.realistic(eventsPerSecond / EVENTS_PER_ORDER),
            now,
            null,
            now.toEpochMilli(),
            Long.toString(now.toEpochMilli(), 36));
    this.sender = new OrderTrafficSender(orderIngest, 500);
  }

  @Override
  public void run() {
    while (running) {
      List<OrderEmission> due = orders.emitUntil(Instant.now());
      try {
        sender.send(due);
        sent.addAndGet(due.size());
      } catch (IOException e) {
        // order-ingest restarting or Kafka busy: these sends are lost, as an OMS without retries
        // would lose them.
        failedBatches.incrementAndGet();
        LOG.warn("simulated batch not accepted: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      HttpProbe.sleep(Duration.ofMillis(250));
    }
  }

  public void stop() {
    running = false;
  }

  public long sent() {
    return sent.get();
  }

  public long failedBatches() {
    return failedBatches.get();
  }
}
