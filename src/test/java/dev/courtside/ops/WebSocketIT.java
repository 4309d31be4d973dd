package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.ingest.Recording;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.model.GameJson;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Json;
import dev.courtside.push.Limits;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketIT {

  private static final String GAME = "0022000001";

  @TempDir Path dir;

  private Vertx vertx;
  private CourtsideServer server;
  private ReplayFeed replay;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Path recordings = Files.createDirectories(dir.resolve("replay"));
    for (String name : List.of("playbyplay_0022000001.json", "boxscore_0022000001.json")) {
      Files.copy(Path.of(TestServers.recording("nba-livedata/" + name)),
          recordings.resolve(name));
    }
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir), Limits.DEFAULTS);
    replay = new ReplayFeed(Recording.fromPath(recordings), server.engine(), 1000, false,
        Duration.ZERO);
  }

  @AfterEach
  void stop() throws Exception {
    replay.stop();
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void subscriberGetsSnapshotThenDeltasToFinal() throws Exception {
    ChannelMirror mirror = new ChannelMirror();
    try (TestWebSocket socket = TestWebSocket.connect(vertx, server.port(), mirror)) {
      socket.subscribe("games");
      await().atMost(Duration.ofSeconds(10)).until(() -> mirror.seq("games") != null);
      replay.start();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> server.engine().current(GAME).isPresent());
      socket.subscribe("game:" + GAME);
      await().atMost(Duration.ofSeconds(10)).until(() -> mirror.seq("game:" + GAME) != null);
      assertThat(mirror.envelopes("games").get(0).get("type").asText()).isEqualTo("snapshot");
      assertThat(mirror.envelopes("game:" + GAME).get(0).get("type").asText())
          .isEqualTo("snapshot");

      replay.finished().get(60, TimeUnit.SECONDS);
      // Parsed back from text, so numbers have the node types the client's parser gives.
      JsonNode expected = Json.parse(Json.write(
          GameJson.write(server.engine().current(GAME).orElseThrow())));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> expected.equals(mirror.state("games").get(GAME)));

      assertThat(mirror.violations()).isEmpty();
      assertThat(mirror.envelopes("games").size()).isGreaterThan(100);
      // A resync snapshot may come in between if this client fell behind; all else is deltas.
      assertThat(mirror.envelopes("games").subList(1, mirror.envelopes("games").size()))
          .allMatch(envelope -> envelope.get("type").asText().equals("delta")
              || envelope.path("resync").asBoolean());
      assertThat(mirror.state("game:" + GAME).get("game")).isEqualTo(expected);
      assertThat(expected.get("status").asText()).isEqualTo(GameStatus.FINAL.wireName());
      assertThat(expected.at("/home/score").asInt()).isEqualTo(125);
      assertThat(expected.at("/away/score").asInt()).isEqualTo(99);
    }
  }

  @Test
  void unknownChannelGetsError() throws Exception {
    ChannelMirror mirror = new ChannelMirror();
    try (TestWebSocket socket = TestWebSocket.connect(vertx, server.port(), mirror)) {
      socket.subscribe("game:nope");

      await().atMost(Duration.ofSeconds(5)).until(() -> !mirror.controls().isEmpty());
      JsonNode error = mirror.controls().get(0);
      assertThat(error.get("type").asText()).isEqualTo("error");
      assertThat(error.get("code").asText()).isEqualTo("unknown-channel");
      assertThat(error.get("message").asText()).startsWith("Unknown channel 'game:nope'");
      assertThat(socket.isClosed()).isFalse();
    }
  }

  @Test
  void malformedMessageGetsErrorAndConnectionStays() throws Exception {
    ChannelMirror mirror = new ChannelMirror();
    try (TestWebSocket socket = TestWebSocket.connect(vertx, server.port(), mirror)) {
      socket.send("{not json");
      socket.send("{\"type\":\"dance\"}");
      socket.subscribe("games");

      await().atMost(Duration.ofSeconds(5)).until(() -> mirror.seq("games") != null);
      assertThat(mirror.controls()).extracting(c -> c.get("code").asText())
          .containsExactly("invalid-message", "invalid-message");
      assertThat(mirror.controls().get(1).get("message").asText())
          .isEqualTo("Unknown message type 'dance': expected subscribe, unsubscribe or ping");
    }
  }

  @Test
  void resumeReplaysOnlyMissedDeltas() throws Exception {
    ChannelMirror first = new ChannelMirror();
    String epoch;
    long seq;
    try (TestWebSocket socket = TestWebSocket.connect(vertx, server.port(), first)) {
      socket.subscribe("games");
      replay.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> first.seq("games") != null
          && first.seq("games") > 20);
    }
    epoch = first.epoch("games");
    seq = first.seq("games");

    ChannelMirror second = new ChannelMirror();
    try (TestWebSocket socket = TestWebSocket.connect(vertx, server.port(), second)) {
      socket.resume("games", epoch, seq);
      await().atMost(Duration.ofSeconds(10)).until(() -> !second.envelopes().isEmpty());

      JsonNode firstResumed = second.envelopes().get(0);
      assertThat(firstResumed.get("type").asText()).isEqualTo("delta");
      assertThat(firstResumed.get("seq").asLong()).isEqualTo(seq + 1);
    }
  }

  @Test
  void resumeWithOldEpochSendsResyncSnapshot() throws Exception {
    ChannelMirror mirror = new ChannelMirror();
    replay.start();
    try (TestWebSocket socket = TestWebSocket.connect(vertx, server.port(), mirror)) {
      socket.resume("games", "oldEpoch", 3);

      await().atMost(Duration.ofSeconds(10)).until(() -> !mirror.envelopes().isEmpty());
      JsonNode first = mirror.envelopes().get(0);
      assertThat(first.get("type").asText()).isEqualTo("snapshot");
      assertThat(first.get("resync").asBoolean()).isTrue();
    }
  }
}
