package dev.courtside.push;

import static dev.courtside.push.Replays.GAME_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.engine.GameEngine;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A coalescing window merges deltas, and clients on every transport still end on the state. */
class CoalescingIT {

  @TempDir Path dir;

  private CourtsideServer server;
  private TestClients clients;

  @AfterEach
  void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void coalescedDeltasReachFinalState() throws Exception {
    server = CourtsideServer.startWithoutFeeds(
        TestServers.settings(dir).withCoalesce(Duration.ofMillis(100)),
        Limits.DEFAULTS.withPollHold(Duration.ofSeconds(2)));
    ReplayFeed replay = Replays.game(dir, server, 4000);
    clients = new TestClients(server.port());
    replay.start();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> server.fanOut().snapshot(GAME_CHANNEL) != null);
    List<TestClient> all = List.of(
        clients.create(TestClient.Transport.WS, GameEngine.GAMES, GAME_CHANNEL),
        clients.create(TestClient.Transport.SSE, GameEngine.GAMES, GAME_CHANNEL),
        clients.create(TestClient.Transport.POLL, GameEngine.GAMES, GAME_CHANNEL));
    for (TestClient client : all) {
      client.open();
    }

    replay.finished().get(30, TimeUnit.SECONDS);

    for (TestClient client : all) {
      for (String channel : client.channels()) {
        await(client + " on " + channel).atMost(Duration.ofSeconds(10))
            .until(() -> Replays.state(server, channel).equals(client.mirror().state(channel)));
      }
      assertThat(client.mirror().violations()).as(client.toString()).isEmpty();
    }
    // Each 100 ms window publishes at most one delta, so a replay of a few seconds leaves far
    // fewer deltas than its 610 plays.
    assertThat(Replays.seq(server, GAME_CHANNEL)).isLessThan(300);
    assertThat(server.engine().current(Replays.GAME).orElseThrow().status().wireName())
        .isEqualTo("final");
  }
}
