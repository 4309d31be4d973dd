package dev.courtside.bus;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A redis-server child process on a free loopback port, without persistence, that a test
 * can stop and start again on the same port.
 */
final class PrivateRedis implements AutoCloseable {

  private final int port;
  private final Path log;
  private Process process;

  private PrivateRedis(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  /** Starts redis-server on a free port, logging to {@code log}. */
  static PrivateRedis start(Path log) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PrivateRedis redis = new PrivateRedis(port, log);
    redis.startAgain();
    return redis;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Starts the server on its port and waits until it replies to PING. */
  void startAgain() throws IOException {
    process = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> ClusterServices.redisUnreachable(port) == null);
  }

  /** Stops the server process, which loses every key. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
