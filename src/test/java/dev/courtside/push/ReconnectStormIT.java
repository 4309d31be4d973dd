package dev.courtside.push;

import static dev.courtside.push.Replays.GAME_CHANNEL;
import static dev.courtside.push.Replays.LEAGUE_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.engine.GameEngine;
import dev.courtside.ingest.Recording;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients of mixed transports drop and reopen their connections at random points of a
 * fast replay that loops until the test stops it, each resuming from its last position. Set {@code -Dcourtside.seed=N} to repeat
 * a run. The seed is printed and is part of every failure message.
 *
 * <p>NOTE: with some seeds about one run in five fails, because an event-stream client gets a
 * delta it already had after a resume. The cause, in SSE resume or in its test client, is not
 * known.
 */
class ReconnectStormIT {

  private static final int CLIENTS = 30;
  private static final int TOGGLES = 50;

  @TempDir Path dir;

  private CourtsideServer server;
  private ReplayFeed replay;
  private TestClients clients;

  @AfterEach
  void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (replay != null) {
      replay.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void randomReconnectsEndOnEngineState() throws Exception {
    long seed = Long.getLong("courtside.seed", System.nanoTime());
    System.out.println("ReconnectStormIT seed=" + seed);
    Random random = new Random(seed);
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir),
        Limits.DEFAULTS.withPollHold(Duration.ofSeconds(2)));
    replay = new ReplayFeed(Recording.fromPath(Replays.copyRecordings(dir)), server.engine(),
        1000, true, Duration.ZERO);
    clients = new TestClients(server.port());
    replay.start();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> server.fanOut().snapshot(GAME_CHANNEL) != null);

    List<TestClient> all = new ArrayList<>();
    TestClient.Transport[] transports = TestClient.Transport.values();
    List<String> channelPool = List.of(GameEngine.GAMES, LEAGUE_CHANNEL, GAME_CHANNEL);
    for (int i = 0; i < CLIENTS; i++) {
      // A random non-empty subset of the channels, one bit per channel.
      int mask = 1 + random.nextInt(7);
      List<String> channels = new ArrayList<>();
      for (int bit = 0; bit < channelPool.size(); bit++) {
        if ((mask & (1 << bit)) != 0) {
          channels.add(channelPool.get(bit));
        }
      }
      TestClient client = clients.create(transports[i % transports.length],
          channels.toArray(String[]::new));
      if (client instanceof EventStreamTestClient stream) {
        stream.resumeWithQuery(random.nextBoolean());
      }
      all.add(client);
    }
    openAll(all);

    int toggles = 0;
    while (toggles < TOGGLES) {
      long target = Replays.seq(server, GAME_CHANNEL) + 1 + random.nextInt(4);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> Replays.seq(server, GAME_CHANNEL) >= target);
      for (int i = random.nextInt(4); i >= 0; i--) {
        TestClient client = all.get(random.nextInt(all.size()));
        if (client.connected()) {
          client.disconnect();
        } else {
          client.open();
        }
        toggles++;
      }
    }
    replay.stop();
    openAll(all.stream().filter(client -> !client.connected()).toList());

    for (TestClient client : all) {
      for (String channel : client.channels()) {
        await("seed " + seed + ": " + client + " on " + channel)
            .atMost(Duration.ofSeconds(15))
            .until(() -> Replays.state(server, channel).equals(client.mirror().state(channel)));
      }
      assertThat(client.mirror().violations()).as("seed %d: %s", seed, client).isEmpty();
      if (client instanceof PollTestClient poll) {
        assertThat(poll.failures()).as("seed %d: %s", seed, client).isEmpty();
      }
    }
    System.out.printf("ReconnectStormIT seed=%d toggles=%d resyncs=%d overflows=%d%n", seed,
        toggles, server.fanOut().resyncCount(), server.fanOut().overflowCount());
  }

  /** Opens clients eight at a time, so all are connected early in the replay. */
  private static void openAll(List<TestClient> closed) throws Exception {
    ExecutorService opener = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> opened = new ArrayList<>();
      for (TestClient client : closed) {
        opened.add(opener.submit(() -> {
          client.open();
          return null;
        }));
      }
      for (Future<?> future : opened) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      opener.shutdownNow();
    }
  }
}
