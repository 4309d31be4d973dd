package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A WebSocket peer that completed the handshake and then went silent is dropped. */
class DeadPeerIT {

  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration DEAD_AFTER = Duration.ofSeconds(1);

  @TempDir Path dir;

  private CourtsideServer server;
  private TestClients clients;

  @BeforeEach
  void start() {
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir),
        Limits.DEFAULTS.withHeartbeat(HEARTBEAT, DEAD_AFTER));
    clients = new TestClients(server.port());
  }

  @AfterEach
  void stop() throws Exception {
    clients.close();
    server.close();
  }

  @Test
  void silentPeerIsClosedAndRemoved() throws Exception {
    WebSocketTestClient live = clients.webSocket("games");
    live.open();
    try (RawWebSocket silent = RawWebSocket.connect(server.port(), 0)) {
      silent.sendText("{\"type\":\"subscribe\",\"channels\":[\"games\"]}");
      await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions().size() == 2);
      long subscribedNanos = System.nanoTime();

      await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions().size() == 1);
      long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - subscribedNanos);

      assertThat(detectedMs).isLessThan(DEAD_AFTER.toMillis() + 2000);
      assertThat(server.fanOut().subscriberCount("games")).isEqualTo(1);
      RawWebSocket.Frame close = silent.readUntilClose(Duration.ofSeconds(5));
      assertThat(close).isNotNull();
      assertThat(close.closeCode()).isEqualTo(1008);
      assertThat(close.closeReason())
          .isEqualTo("heartbeat-timeout: nothing heard from the client for 1000 ms");
      System.out.printf("silent peer removed %d ms after it subscribed (dead after %d ms)%n",
          detectedMs, DEAD_AFTER.toMillis());
    }
    // The Vert.x client returns a pong for every ping by itself, so it stays connected.
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
        .until(live::connected);
    assertThat(server.sessions().count("ws")).isEqualTo(1);
  }
}
