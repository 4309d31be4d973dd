package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.engine.GameEngine;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A graceful shutdown asks every streaming client to reconnect after a spread-out delay. */
class ShutdownIT {

  @TempDir Path dir;

  private CourtsideServer server;
  private TestClients clients;

  @BeforeEach
  void start() {
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir), Limits.DEFAULTS);
    clients = new TestClients(server.port());
  }

  @AfterEach
  void stop() throws Exception {
    clients.close();
    server.close();
  }

  @Test
  void shutdownSendsSpreadReconnectDelays() throws Exception {
    List<WebSocketTestClient> sockets = new ArrayList<>();
    List<EventStreamTestClient> streams = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      WebSocketTestClient socket = clients.webSocket(GameEngine.GAMES);
      socket.open();
      sockets.add(socket);
      EventStreamTestClient stream = clients.eventStream(GameEngine.GAMES);
      stream.open();
      streams.add(stream);
    }
    List<TestClient> all = new ArrayList<>(sockets);
    all.addAll(streams);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> all.stream().allMatch(c -> c.mirror().seq("games") != null));

    server.close();

    Set<Long> delays = new HashSet<>();
    for (TestClient client : all) {
      await(client + " reconnect").atMost(Duration.ofSeconds(10))
          .until(() -> !client.mirror().controls().isEmpty());
      JsonNode reconnect = client.mirror().controls().get(0);
      assertThat(reconnect.get("type").asText()).as(client.toString()).isEqualTo("reconnect");
      assertThat(reconnect.get("reason").asText()).as(client.toString())
          .isEqualTo("shutdown");
      long delayMs = reconnect.get("delayMs").asLong();
      assertThat(delayMs).as(client.toString()).isBetween(500L, 5500L);
      delays.add(delayMs);
    }
    assertThat(delays).as("distinct delays of 12 clients").hasSizeGreaterThan(6);
    for (WebSocketTestClient socket : sockets) {
      await().atMost(Duration.ofSeconds(10)).until(() -> socket.closeStatus() != null);
      assertThat(socket.closeStatus()).isEqualTo((short) 1001);
      assertThat(socket.closeReason()).startsWith("shutdown: the server is restarting");
    }
    for (EventStreamTestClient stream : streams) {
      await().atMost(Duration.ofSeconds(10)).until(stream::ended);
    }
  }
}
