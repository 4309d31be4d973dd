package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.ingest.ReplayFeed;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import io.vertx.core.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebSocket peer that completed the handshake and then went silent is dropped. One that
 * only listens, however busy its channel, stays as long as it returns pongs.
 */
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

  @Test
  void busyListenerThatAnswersPingsStays() throws Exception {
    // A speed that publishes many times per heartbeat, for longer than DEAD_AFTER.
    ReplayFeed replay = Replays.game(dir, server, 400);
    WebSocketTestClient listener = clients.webSocket("games");
    listener.open();
    WebSocket socket = listener.socket();
    replay.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> Replays.seq(server, "games") > 5);
      long seqBefore = Replays.seq(server, "games");

      await().during(DEAD_AFTER.multipliedBy(3)).atMost(DEAD_AFTER.multipliedBy(5))
          .until(() -> listener.connected() && listener.socket() == socket);

      assertThat(Replays.seq(server, "games"))
          .as("the channel kept publishing while the listener stayed")
          .isGreaterThan(seqBefore + 10);
      assertThat(server.sessions().count("ws")).isEqualTo(1);
    } finally {
      replay.stop();
    }
  }
}
