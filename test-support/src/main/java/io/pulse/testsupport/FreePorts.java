package io.pulse.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for child processes: other builds run on the same machine at the same time. */
public final class FreePorts {
  private FreePorts() {}

  /** A port the OS has just handed out as free (port 0), for a process about to listen on it. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
