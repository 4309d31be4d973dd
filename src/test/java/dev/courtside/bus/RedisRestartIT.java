package dev.courtside.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.ingest.Recording;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.ops.ChannelMirror;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestWebSocket;
import dev.courtside.push.Limits;
import dev.courtside.store.RedisKeys;
import io.vertx.core.Vertx;
import java.io.IOException;
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
 * Two nodes on a private redis-server that restarts, losing every key, while one node
 * replays a game: every client still ends on the game's final state.
 */
class RedisRestartIT {

  @TempDir Path dir;

  private Vertx vertx;
  private PrivateRedis redis;
  private final String prefix = ClusterServices.newKeyPrefix();
  private String schema;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<CourtsideServer> nodes = new ArrayList<>();
  private final List<TestWebSocket> sockets = new ArrayList<>();
  private ReplayFeed replay;

  @BeforeEach
  void start() throws Exception {
    ClusterServices.requireServices();
    vertx = Vertx.vertx();
    schema = ClusterServices.createSchema();
    redis = PrivateRedis.start(dir.resolve("redis.log"));
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
    redis.close();
    ClusterServices.dropSchema(schema);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private CourtsideServer startNode(String name) throws Exception {
    Path nodeDir = Files.createDirectories(dir.resolve(name));
    CourtsideServer node = CourtsideServer.startWithoutFeeds(
        ClusterServices.nodeSettings(nodeDir, ClusterServices.schemaUrl(schema), redis.uri()),
        Limits.DEFAULTS, new RedisKeys(prefix));
    nodes.add(node);
    return node;
  }

  private ChannelMirror client(CourtsideServer node) throws Exception {
    ChannelMirror mirror = new ChannelMirror();
    TestWebSocket socket = TestWebSocket.connect(vertx, node.port(), mirror);
    sockets.add(socket);
    socket.subscribe("games", ClusterIT.GAME_CHANNEL);
    return mirror;
  }

  private int readyStatus(CourtsideServer node) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.port() + "/health/ready")).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void clientsEndOnFinalStateAfterRedisRestart() throws Exception {
    CourtsideServer nodeA = startNode("a");
    CourtsideServer nodeB = startNode("b");
    replay = new ReplayFeed(Recording.fromPath(ClusterIT.gameRecordings(dir)), nodeB.engine(),
        300, false, Duration.ZERO);
    replay.start();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> nodeA.fanOut().snapshot(ClusterIT.GAME_CHANNEL) != null
            && nodeB.fanOut().snapshot(ClusterIT.GAME_CHANNEL) != null);
    ChannelMirror onA = client(nodeA);
    ChannelMirror onB = client(nodeB);
    await().atMost(Duration.ofSeconds(20)).until(() -> onA.seq("games") != null
        && onA.seq("games") > 100);
    String epochBefore = onA.epoch("games");

    redis.stop();
    await().atMost(Duration.ofSeconds(10)).until(() -> readyStatus(nodeA) == 503
        && readyStatus(nodeB) == 503);
    redis.startAgain();
    await().atMost(Duration.ofSeconds(20)).until(() -> readyStatus(nodeA) == 200
        && readyStatus(nodeB) == 200);

    assertThat(replay.finished().isDone()).as("replay still running after restart").isFalse();
    replay.finished().get(60, TimeUnit.SECONDS);
    JsonNode expected = ClusterIT.finalGame(nodeB);
    for (ChannelMirror mirror : List.of(onA, onB)) {
      String node = mirror == onA ? "node A" : "node B";
      await("final game in games channel on " + node).atMost(Duration.ofSeconds(20))
          .until(() -> expected.equals(mirror.state("games").get(ClusterIT.GAME)));
      await("final game in game channel on " + node).atMost(Duration.ofSeconds(10))
          .until(() -> expected.equals(mirror.state(ClusterIT.GAME_CHANNEL).get("game")));
      assertThat(mirror.violations()).isEmpty();
      assertThat(mirror.epoch("games")).isNotEqualTo(epochBefore);
    }
  }
}
