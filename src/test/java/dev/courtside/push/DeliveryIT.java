package dev.courtside.push;

import static dev.courtside.push.Replays.GAME;
import static dev.courtside.push.Replays.GAME_CHANNEL;
import static dev.courtside.push.Replays.LEAGUE_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.engine.GameEngine;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.ops.ChannelMirror;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.Settings;
import dev.courtside.ops.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Delivery on each transport while a recorded game is replayed: a snapshot then deltas that
 * add up to the engine's state, resume without gap or duplicate, and resync snapshots when
 * the position cannot be replayed.
 */
class DeliveryIT {

  private static final List<String> CHANNELS =
      List.of(GameEngine.GAMES, LEAGUE_CHANNEL, GAME_CHANNEL);

  /**
   * A queue bound far above what the replay can queue, so a test machine that stalls the event
   * loop cannot turn a backlog into a resync snapshot and hide whether resume replays.
   */
  private static final Limits LIMITS = Limits.DEFAULTS.withPollHold(Duration.ofSeconds(2))
      .withQueue(100_000, Duration.ofSeconds(30));

  @TempDir Path dir;

  private CourtsideServer server;
  private ReplayFeed replay;
  private TestClients clients;

  private void start(Settings settings, double speed) throws Exception {
    server = CourtsideServer.startWithoutFeeds(settings, LIMITS);
    replay = Replays.game(dir, server, speed);
    clients = new TestClients(server.port());
  }

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

  @ParameterizedTest
  @EnumSource(TestClient.Transport.class)
  void subscriberEndsOnEngineState(TestClient.Transport transport) throws Exception {
    start(TestServers.settings(dir), 4000);
    replay.start();
    awaitGameCreated();
    TestClient client = clients.create(transport, CHANNELS.toArray(String[]::new));
    client.open();

    replay.finished().get(30, TimeUnit.SECONDS);
    awaitFinalState(client);

    ChannelMirror mirror = client.mirror();
    assertThat(mirror.violations()).isEmpty();
    for (String channel : CHANNELS) {
      List<JsonNode> envelopes = mirror.envelopes(channel);
      assertThat(envelopes.get(0).get("type").asText()).as(channel).isEqualTo("snapshot");
      assertThat(envelopes.get(0).has("resync")).as(channel).isFalse();
      assertThat(envelopes.subList(1, envelopes.size())).as(channel)
          .allMatch(envelope -> envelope.get("type").asText().equals("delta"));
    }
    assertThat(mirror.envelopes(GAME_CHANNEL).size()).isGreaterThan(100);
    JsonNode game = mirror.state(GameEngine.GAMES).get(GAME);
    assertThat(game.get("status").asText()).isEqualTo("final");
    assertThat(game.at("/home/score").asInt()).isEqualTo(125);
    assertThat(game.at("/away/score").asInt()).isEqualTo(99);
  }

  @ParameterizedTest
  @EnumSource(TestClient.Transport.class)
  void resumeMidReplayHasNoGapOrDuplicate(TestClient.Transport transport) throws Exception {
    start(TestServers.settings(dir), 1500);
    TestClient client = clients.create(transport, CHANNELS.toArray(String[]::new));
    resumeThreeTimes(client);
  }

  @Test
  void eventStreamResumesFromLastParameter() throws Exception {
    start(TestServers.settings(dir), 1500);
    EventStreamTestClient client = clients.eventStream(CHANNELS.toArray(String[]::new));
    client.resumeWithQuery(true);
    resumeThreeTimes(client);
  }

  /**
   * Drops the client's connection three times during the replay, each time until the game
   * channel moved on by 20 or more messages, and checks that every resume replays exactly what
   * was missed.
   */
  private void resumeThreeTimes(TestClient client) throws Exception {
    replay.start();
    awaitGameCreated();
    client.open();
    ChannelMirror mirror = client.mirror();
    for (int round = 1; round <= 3; round++) {
      long target = round * 80L;
      await().atMost(Duration.ofSeconds(15)).until(() -> seqOf(mirror, GAME_CHANNEL) > target);
      client.disconnect();
      long missedFrom = seqOf(mirror, GAME_CHANNEL);
      await().atMost(Duration.ofSeconds(15))
          .until(() -> Replays.seq(server, GAME_CHANNEL) > missedFrom + 20);
      client.open();
      await().atMost(Duration.ofSeconds(15))
          .until(() -> seqOf(mirror, GAME_CHANNEL) > missedFrom + 20);
    }

    replay.finished().get(30, TimeUnit.SECONDS);
    awaitFinalState(client);

    assertThat(mirror.violations()).isEmpty();
    for (String channel : CHANNELS) {
      List<JsonNode> envelopes = mirror.envelopes(channel);
      assertThat(envelopes).as(channel)
          .filteredOn(envelope -> envelope.get("type").asText().equals("snapshot"))
          .hasSize(1);
      assertThat(envelopes).as(channel)
          .noneMatch(envelope -> envelope.path("resync").asBoolean());
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Transport.class)
  void resumeWithUnknownEpochGetsResync(TestClient.Transport transport) throws Exception {
    start(TestServers.settings(dir), 4000);
    replay.start();
    awaitGameCreated();
    TestClient client = clients.create(transport, GameEngine.GAMES, GAME_CHANNEL);
    client.resumeFrom("games|unknownEpoch1|3," + GAME_CHANNEL + "|unknownEpoch1|3");
    client.open();

    replay.finished().get(30, TimeUnit.SECONDS);
    awaitFinalState(client);

    ChannelMirror mirror = client.mirror();
    assertThat(mirror.violations()).isEmpty();
    for (String channel : List.of(GameEngine.GAMES, GAME_CHANNEL)) {
      JsonNode first = mirror.envelopes(channel).get(0);
      assertThat(first.get("type").asText()).as(channel).isEqualTo("snapshot");
      assertThat(first.get("resync").asBoolean()).as(channel).isTrue();
      assertThat(mirror.envelopes(channel)).as(channel)
          .filteredOn(envelope -> envelope.path("resync").asBoolean()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(TestClient.Transport.class)
  void resumeOlderThanJournalGetsResync(TestClient.Transport transport) throws Exception {
    start(TestServers.settings(dir).withJournalCapacity(16), 4000);
    replay.start();
    awaitGameCreated();
    await().atMost(Duration.ofSeconds(15))
        .until(() -> Replays.seq(server, GAME_CHANNEL) > 40);
    String epoch = server.fanOut().snapshot(GAME_CHANNEL).epoch();
    TestClient client = clients.create(transport, GAME_CHANNEL);
    client.resumeFrom(GAME_CHANNEL + "|" + epoch + "|5");
    client.open();

    replay.finished().get(30, TimeUnit.SECONDS);
    awaitFinalState(client);

    ChannelMirror mirror = client.mirror();
    assertThat(mirror.violations()).isEmpty();
    JsonNode first = mirror.envelopes(GAME_CHANNEL).get(0);
    assertThat(first.get("type").asText()).isEqualTo("snapshot");
    assertThat(first.get("resync").asBoolean()).isTrue();
    assertThat(first.get("seq").asLong()).isGreaterThan(40);
  }

  private void awaitGameCreated() {
    await().atMost(Duration.ofSeconds(10))
        .until(() -> server.fanOut().snapshot(GAME_CHANNEL) != null);
  }

  private void awaitFinalState(TestClient client) {
    for (String channel : client.channels()) {
      await(client + " on " + channel).atMost(Duration.ofSeconds(10))
          .until(() -> Replays.state(server, channel).equals(client.mirror().state(channel)));
    }
  }

  private static long seqOf(ChannelMirror mirror, String channel) {
    Long seq = mirror.seq(channel);
    return seq == null ? -1 : seq;
  }
}
