package io.pulse.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits for a child's HTTP endpoint to answer 200, failing fast if the child dies meanwhile. */
public final class HttpProbe {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpProbe() {}

  public static void awaitOk(URI uri, Duration timeout, ChildProcess process) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            process.name()
                + " exited with code "
                + process.exitValue()
                + "; last log lines ("
                + process.log()
                + "):\n"
                + process.tail(30));
      }
      if (isOk(uri)) {
        return;
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        process.name()
            + " did not answer "
            + uri
            + " within "
            + timeout
            + "; log: "
            + process.log());
  }

  public static boolean isOk(URI uri) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
      return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
