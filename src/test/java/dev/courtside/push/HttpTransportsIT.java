package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.engine.GameEngine;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.model.Json;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import io.vertx.core.http.HttpClientResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** What the HTTP transports promise on the wire: SSE headers and heartbeats, poll holds. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpTransportsIT {

  private static final Duration POLL_HOLD = Duration.ofMillis(600);

  @TempDir static Path dir;

  private CourtsideServer server;
  private TestClients clients;

  @BeforeAll
  void start() throws Exception {
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir),
        Limits.DEFAULTS.withHeartbeat(Duration.ofMillis(300), Duration.ofSeconds(30))
            .withPollHold(POLL_HOLD));
    ReplayFeed replay = Replays.game(dir, server, 0);
    replay.start();
    replay.finished().get(30, TimeUnit.SECONDS);
    clients = new TestClients(server.port());
  }

  @AfterAll
  void stop() throws Exception {
    clients.close();
    server.close();
  }

  @Test
  void eventStreamIsNotCompressed() throws Exception {
    EventStreamTestClient stream = clients.eventStream(GameEngine.GAMES);
    stream.header("Accept-Encoding", "gzip, deflate");
    stream.open();

    await().atMost(Duration.ofSeconds(5)).until(() -> stream.mirror().seq("games") != null);
    HttpClientResponse response = stream.response();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache, no-transform");
    assertThat(response.getHeader("X-Accel-Buffering")).isEqualTo("no");
    assertThat(response.getHeader("Content-Encoding")).isIn(null, "identity");
    assertThat(stream.retryMs()).isEqualTo(2000L);
    assertThat(stream.mirror().state("games")).isEqualTo(Replays.state(server, "games"));
  }

  @Test
  void eventStreamSendsCommentHeartbeats() throws Exception {
    EventStreamTestClient stream = clients.eventStream(GameEngine.GAMES);
    stream.open();

    await().atMost(Duration.ofSeconds(5)).until(() -> stream.comments().contains("heartbeat"));
    assertThat(stream.mirror().violations()).isEmpty();
    assertThat(stream.mirror().controls()).isEmpty();
  }

  @Test
  void pollTimesOutWithSameAfter() throws Exception {
    TestClients.FullResponse first = clients.get("/poll?channel=games");
    String after = Json.parse(first.body()).get("after").asText();

    TestClients.FullResponse held = clients.get("/poll?channel=games&after="
        + EventStreamTestClient.encode(after));

    assertThat(held.status()).isEqualTo(200);
    JsonNode body = Json.parse(held.body());
    assertThat(body.get("messages")).isEmpty();
    assertThat(body.get("after").asText()).isEqualTo(after);
    assertThat(held.elapsedMs()).isBetween(POLL_HOLD.toMillis() - 50, 5000L);
    assertThat(held.headers().get("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void heldPollAnswersOnPublish() throws Exception {
    TestClients.FullResponse first = clients.get("/poll?channel=games");
    JsonNode snapshot = Json.parse(first.body());
    assertThat(snapshot.get("messages").get(0).get("type").asText()).isEqualTo("snapshot");
    String after = snapshot.get("after").asText();
    long seq = snapshot.get("messages").get(0).get("seq").asLong();

    CompletableFuture<TestClients.FullResponse> held = CompletableFuture.supplyAsync(() -> {
      try {
        return clients.get("/poll?channel=games&after=" + EventStreamTestClient.encode(after));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> server.sessions().count("poll") == 1);
    server.engine().markStale(Replays.GAME, true);

    JsonNode body = Json.parse(held.get(10, TimeUnit.SECONDS).body());
    assertThat(body.get("messages")).hasSize(1);
    JsonNode delta = body.get("messages").get(0);
    assertThat(delta.get("type").asText()).isEqualTo("delta");
    assertThat(delta.get("seq").asLong()).isEqualTo(seq + 1);
    assertThat(delta.at("/data/" + Replays.GAME + "/stale").asBoolean()).isTrue();
    assertThat(body.get("after").asText()).endsWith("|" + (seq + 1));
  }
}
