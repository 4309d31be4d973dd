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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that stop reading: they must not hold up the others, their queues stay bounded, and
 * they get a resync snapshot when they read again or are disconnected when they never do.
 */
class SlowClientIT {

  private static final int MAX_QUEUED = 32;

  @TempDir Path dir;

  private CourtsideServer server;
  private ReplayFeed replay;
  private TestClients clients;
  private ScheduledExecutorService sampler;
  private final AtomicInteger longestQueue = new AtomicInteger();

  /**
   * Starts a server and a replay that loops the game with no pause, so messages keep coming
   * until the test stops it, and samples the longest session queue every 5 ms. A faster replay
   * only takes CPU time from the server's event loops on a small machine.
   */
  private void start(Limits limits) throws Exception {
    // The subscribe rate limit is off because both tests fill the socket buffers with 300
    // subscribes at once.
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir),
        limits.withSubscribeRate(0, Limits.DEFAULT_SUBSCRIBE_BURST));
    replay = new ReplayFeed(Recording.fromPath(Replays.copyRecordings(dir)), server.engine(),
        3000, true, Duration.ZERO);
    clients = new TestClients(server.port());
    sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> longestQueue.accumulateAndGet(server.sessions().longestQueue(), Math::max),
        0, 5, TimeUnit.MILLISECONDS);
    replay.start();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> server.fanOut().snapshot(GAME_CHANNEL) != null);
  }

  @AfterEach
  void stop() throws Exception {
    if (sampler != null) {
      sampler.shutdownNow();
    }
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
  void silentReaderIsDisconnectedAsStuck() throws Exception {
    // With heartbeats every second the monitor checks every 333 ms. The dead-peer time is
    // long, so only the stuck check can close the silent reader.
    start(Limits.DEFAULTS.withQueue(MAX_QUEUED, Duration.ofSeconds(2))
        .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(60)));
    try (RawWebSocket slow = RawWebSocket.connect(server.port(), 4096)) {
      slow.sendText("{\"type\":\"subscribe\",\"channels\":[\"games\",\"" + LEAGUE_CHANNEL
          + "\",\"" + GAME_CHANNEL + "\"]}");
      WebSocketTestClient fast = clients.webSocket(GameEngine.GAMES, GAME_CHANNEL);
      fast.open();
      await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions().count("ws") == 2);
      // Every subscribe sends a fresh snapshot of the game, several KB, so the socket
      // buffers fill sooner than they would with deltas alone.
      for (int i = 0; i < 300; i++) {
        slow.sendText("{\"type\":\"subscribe\",\"channels\":[\"" + GAME_CHANNEL + "\"]}");
      }

      long startNanos = System.nanoTime();
      // NOTE: on a loaded 2-core machine the buffers took 7 to 25 s to fill.
      await().atMost(Duration.ofSeconds(40)).until(() -> server.sessions().count("ws") == 1);
      long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      replay.stop();

      for (String channel : fast.channels()) {
        await("fast client on " + channel).atMost(Duration.ofSeconds(10))
            .until(() -> Replays.state(server, channel).equals(fast.mirror().state(channel)));
      }
      assertThat(fast.mirror().violations()).isEmpty();
      assertThat(fast.connected()).isTrue();
      assertThat(longestQueue.get()).isLessThanOrEqualTo(MAX_QUEUED);
      RawWebSocket.Frame close = slow.readUntilClose(Duration.ofSeconds(15));
      assertThat(close).isNotNull();
      assertThat(close.closeCode()).isEqualTo(1008);
      assertThat(close.closeReason()).startsWith("slow-consumer: ");
      System.out.printf("silent reader closed %d ms after both subscribed; longest queue %d"
          + " of %d%n", closedAfterMs, longestQueue.get(), MAX_QUEUED);
    }
  }

  @Test
  void pausedReaderGetsResyncSnapshot() throws Exception {
    start(Limits.DEFAULTS.withQueue(MAX_QUEUED, Duration.ofSeconds(60)));
    WebSocketTestClient slow = clients.webSocket(GameEngine.GAMES, GAME_CHANNEL);
    WebSocketTestClient fast = clients.webSocket(GameEngine.GAMES, GAME_CHANNEL);
    slow.open();
    fast.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> slow.mirror().seq(GAME_CHANNEL) != null);

    slow.socket().pause();
    // Snapshots of several KB each fill the socket buffers much sooner than deltas would.
    for (int i = 0; i < 300; i++) {
      slow.send("{\"type\":\"subscribe\",\"channels\":[\"" + GAME_CHANNEL + "\"]}");
    }
    // Socket buffers on loopback grow to several MB, so the replay alone may take long to fill
    // them; stale flags toggled here add small deltas on both channels until the queue overflows.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    boolean stale = false;
    while (server.fanOut().overflowCount() == 0 && System.nanoTime() < deadline) {
      stale = !stale;
      server.engine().markStale(Replays.GAME, stale);
      // Paced by the fast client, so the event loop never falls far enough behind to skip
      // every connection to a snapshot, which would hide the slow client's own overflow.
      long published = Replays.seq(server, GAME_CHANNEL);
      while (!seen(fast, published) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }
    server.engine().markStale(Replays.GAME, false);
    assertThat(server.fanOut().overflowCount()).isPositive();
    slow.socket().resume();
    replay.stop();

    for (WebSocketTestClient client : new WebSocketTestClient[] {fast, slow}) {
      for (String channel : client.channels()) {
        await(client + " on " + channel).atMost(Duration.ofSeconds(10))
            .until(() -> Replays.state(server, channel).equals(client.mirror().state(channel)));
      }
      assertThat(client.mirror().violations()).isEmpty();
    }
    assertThat(slow.mirror().envelopes())
        .anyMatch(envelope -> envelope.path("resync").asBoolean());
    assertThat(longestQueue.get()).isLessThanOrEqualTo(MAX_QUEUED);
  }

  /** Returns true once a client has applied the game channel up to {@code seq}. */
  private static boolean seen(WebSocketTestClient client, long seq) {
    Long applied = client.mirror().seq(GAME_CHANNEL);
    return applied != null && applied >= seq;
  }
}
