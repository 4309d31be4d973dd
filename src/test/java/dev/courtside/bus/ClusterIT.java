package dev.courtside.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.ingest.Recording;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.model.GameJson;
import dev.courtside.model.Json;
import dev.courtside.model.Message;
import dev.courtside.ops.ChannelMirror;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import dev.courtside.ops.TestWebSocket;
import dev.courtside.push.Limits;
import dev.courtside.store.RedisKeys;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes in one JVM that share the Redis at 127.0.0.1:6379 and a PostgreSQL schema: what one
 * node ingests reaches clients of the others with the same epoch and seqs.
 */
class ClusterIT {

  static final String GAME = "0022000001";
  static final String GAME_CHANNEL = "game:" + GAME;

  @TempDir Path dir;

  private Vertx vertx;
  private String prefix;
  private String schema;
  private final List<CourtsideServer> nodes = new ArrayList<>();
  private final List<TestWebSocket> sockets = new ArrayList<>();
  private ReplayFeed replay;

  @BeforeEach
  void start() throws Exception {
    ClusterServices.requireServices();
    vertx = Vertx.vertx();
    prefix = ClusterServices.newKeyPrefix();
    schema = ClusterServices.createSchema();
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx == null) {
      return;
    }
    if (replay != null) {
      replay.stop();
    }
    for (TestWebSocket socket : sockets) {
      socket.close();
    }
    for (CourtsideServer node : nodes) {
      node.close();
    }
    ClusterServices.deleteKeys(vertx, ClusterServices.REDIS_URI, prefix);
    ClusterServices.dropSchema(schema);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Copies one game's recordings into a folder of their own and returns the folder. */
  static Path gameRecordings(Path dir) throws Exception {
    Path recordings = Files.createDirectories(dir.resolve("replay"));
    for (String name : List.of("playbyplay_0022000001.json", "boxscore_0022000001.json")) {
      Files.copy(Path.of(TestServers.recording("nba-livedata/" + name)),
          recordings.resolve(name));
    }
    return recordings;
  }

  private CourtsideServer startNode(String name) throws Exception {
    Path nodeDir = Files.createDirectories(dir.resolve(name));
    CourtsideServer node = CourtsideServer.startWithoutFeeds(
        ClusterServices.nodeSettings(nodeDir, ClusterServices.schemaUrl(schema),
            ClusterServices.REDIS_URI), Limits.DEFAULTS, new RedisKeys(prefix));
    nodes.add(node);
    return node;
  }

  private TestWebSocket connect(CourtsideServer node, ChannelMirror mirror) throws Exception {
    TestWebSocket socket = TestWebSocket.connect(vertx, node.port(), mirror);
    sockets.add(socket);
    return socket;
  }

  private ReplayFeed replayOn(CourtsideServer node, double speed) throws Exception {
    replay = new ReplayFeed(Recording.fromPath(gameRecordings(dir)), node.engine(), speed,
        false, Duration.ZERO);
    return replay;
  }

  /** Returns the game's final state as a client parses it from the wire. */
  static JsonNode finalGame(CourtsideServer ingesting) throws Exception {
    return Json.parse(Json.write(GameJson.write(
        ingesting.engine().current(GAME).orElseThrow())));
  }

  @Test
  void clientOnOneNodeGetsWhatAnotherIngested() throws Exception {
    CourtsideServer nodeA = startNode("a");
    CourtsideServer nodeB = startNode("b");
    ChannelMirror mirror = new ChannelMirror();
    TestWebSocket socket = connect(nodeA, mirror);
    socket.subscribe("games");
    await().atMost(Duration.ofSeconds(10)).until(() -> mirror.seq("games") != null);

    replayOn(nodeB, 1000).start();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> nodeA.fanOut().snapshot(GAME_CHANNEL) != null);
    socket.subscribe(GAME_CHANNEL);
    replay.finished().get(60, TimeUnit.SECONDS);
    JsonNode expected = finalGame(nodeB);

    await().atMost(Duration.ofSeconds(10))
        .until(() -> mirror.state("games") != null
            && expected.equals(mirror.state("games").get(GAME)));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> mirror.state(GAME_CHANNEL) != null
            && expected.equals(mirror.state(GAME_CHANNEL).get("game")));
    assertThat(mirror.violations()).isEmpty();
    Message onB = nodeB.fanOut().snapshot("games");
    assertThat(mirror.epoch("games")).isEqualTo(onB.epoch());
    assertThat(mirror.seq("games")).isEqualTo(onB.seq());
    assertThat(mirror.envelopes("games").size()).isGreaterThan(100);
  }

  @Test
  void restOnOtherNodeServesStoredGame() throws Exception {
    CourtsideServer nodeA = startNode("a");
    CourtsideServer nodeB = startNode("b");
    replayOn(nodeB, 0).start();
    replay.finished().get(60, TimeUnit.SECONDS);
    nodeB.store().flush();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpResponse<String> list = get(http, nodeA, "/api/games");
    HttpResponse<String> game = get(http, nodeA, "/api/games/" + GAME);
    HttpResponse<String> plays = get(http, nodeA, "/api/games/" + GAME + "/plays?limit=5");
    HttpResponse<String> unknown = get(http, nodeA, "/api/games/nope/plays");

    assertThat(nodeA.engine().current(GAME)).as("node A's engine never had the game").isEmpty();
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"" + GAME + "\"");
    assertThat(game.statusCode()).isEqualTo(200);
    assertThat(Json.parse(game.body()).get("id").asText()).isEqualTo(GAME);
    assertThat(plays.statusCode()).isEqualTo(200);
    assertThat(Json.parse(plays.body()).get("plays")).hasSize(5);
    assertThat(Json.parse(plays.body()).has("next")).isTrue();
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> get(HttpClient http, CourtsideServer node, String path)
      throws Exception {
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.port() + path))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void clientMovingNodesResumesWithoutGap() throws Exception {
    CourtsideServer nodeA = startNode("a");
    CourtsideServer nodeB = startNode("b");
    ChannelMirror mirror = new ChannelMirror();
    TestWebSocket onA = connect(nodeA, mirror);
    onA.subscribe("games");
    await().atMost(Duration.ofSeconds(10)).until(() -> mirror.seq("games") != null);

    replayOn(nodeB, 300).start();
    await().atMost(Duration.ofSeconds(20)).until(() -> mirror.seq("games") > 50);
    onA.close();
    sockets.remove(onA);
    String epoch = mirror.epoch("games");
    long seq = mirror.seq("games");
    int envelopesOnA = mirror.envelopes("games").size();

    TestWebSocket onB = connect(nodeB, mirror);
    onB.resume("games", epoch, seq);
    replay.finished().get(60, TimeUnit.SECONDS);
    JsonNode expected = finalGame(nodeB);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> expected.equals(mirror.state("games").get(GAME)));

    assertThat(mirror.violations()).isEmpty();
    JsonNode firstOnB = mirror.envelopes("games").get(envelopesOnA);
    assertThat(firstOnB.get("type").asText()).isEqualTo("delta");
    assertThat(firstOnB.get("seq").asLong()).isEqualTo(seq + 1);
    List<JsonNode> afterMove = mirror.envelopes("games").subList(envelopesOnA,
        mirror.envelopes("games").size());
    assertThat(afterMove).noneMatch(envelope -> envelope.path("resync").asBoolean());
  }

  @Test
  void lateNodeLoadsCurrentState() throws Exception {
    CourtsideServer nodeB = startNode("b");
    replayOn(nodeB, 0).start();
    replay.finished().get(60, TimeUnit.SECONDS);
    JsonNode expected = finalGame(nodeB);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> expected.equals(nodeB.fanOut().snapshot("games").data().get(GAME)));

    CourtsideServer nodeC = startNode("c");
    ChannelMirror mirror = new ChannelMirror();
    TestWebSocket socket = connect(nodeC, mirror);
    socket.subscribe("games", GAME_CHANNEL);

    await().atMost(Duration.ofSeconds(10))
        .until(() -> mirror.state(GAME_CHANNEL) != null && mirror.state("games") != null);
    assertThat(mirror.state("games").get(GAME)).isEqualTo(expected);
    assertThat(mirror.state(GAME_CHANNEL).get("game")).isEqualTo(expected);
    Message onB = nodeB.fanOut().snapshot(GAME_CHANNEL);
    assertThat(mirror.epoch(GAME_CHANNEL)).isEqualTo(onB.epoch());
    assertThat(mirror.seq(GAME_CHANNEL)).isEqualTo(onB.seq());
  }

  @Test
  void readinessReportsRedisHealth() throws Exception {
    CourtsideServer node = startNode("a");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest ready = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + node.port() + "/health/ready")).build();

    await().atMost(Duration.ofSeconds(10)).until(() -> http.send(ready,
        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
  }
}
