package io.pulse.bench.sentiment;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples used heap every 20 ms: the peak is what an executor's heap must hold (models, parser
 * charts, Spark's own buffers), garbage included, as a JVM sized below it would collect harder.
 */
final class HeapSampler implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peak;

  HeapSampler() {
    thread =
        new Thread(
            () -> {
              while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  long peakMiB() {
    return peak >> 20;
  }

  /** Live heap after a full collection: what stays resident, mostly the loaded models. */
  static long liveMiB() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
