package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.engine.GameEngine;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.model.Json;
import dev.courtside.model.Message;
import dev.courtside.ops.ClientLimits;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow-loris protection and request size limits on a running server: the header timeout, the
 * keep-alive timeout, and the maximum header size and request line length. Long-lived
 * WebSockets, event streams and held long polls must outlive both timeouts.
 */
class HttpTimeoutsIT {

  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration POLL_HOLD = Duration.ofSeconds(4);

  @TempDir Path dir;

  private CourtsideServer server;
  private TestClients clients;
  private ScheduledExecutorService trickler;

  @BeforeEach
  void start() throws Exception {
    ClientLimits limits = ClientLimits.DEFAULTS.withRequestRate(0, 1)
        .withTimeouts(HEADER_TIMEOUT, KEEP_ALIVE_TIMEOUT);
    server = CourtsideServer.startWithoutFeeds(
        TestServers.settings(dir).withClientLimits(limits),
        Limits.DEFAULTS.withPollHold(POLL_HOLD));
    ReplayFeed replay = Replays.game(dir, server, 0);
    replay.start();
    replay.finished().get(30, TimeUnit.SECONDS);
    clients = new TestClients(server.port());
    trickler = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() throws Exception {
    trickler.shutdownNow();
    clients.close();
    server.close();
  }

  @Test
  void silentConnectionIsClosed() throws Exception {
    try (RawHttp connection = RawHttp.connect(server.port())) {
      long startNanos = System.nanoTime();

      assertThat(connection.awaitClosed(Duration.ofSeconds(10))).isTrue();

      assertThat(elapsedMs(startNanos)).isGreaterThanOrEqualTo(900);
      assertThat(server.connectionTimeouts().headerTimeouts()).isEqualTo(1);
    }
    assertServerResponds();
  }

  @Test
  void tricklingHeadersAreClosed() throws Exception {
    try (RawHttp connection = RawHttp.connect(server.port())) {
      long startNanos = System.nanoTime();
      connection.send("GET /api/games HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      trickler.scheduleAtFixedRate(() -> {
        try {
          connection.send("X-Pad: a\r\n");
        } catch (IOException e) {
          // The server closed the connection, which the test waits for.
        }
      }, 100, 100, TimeUnit.MILLISECONDS);

      assertThat(connection.awaitClosed(Duration.ofSeconds(10))).isTrue();

      assertThat(elapsedMs(startNanos)).isGreaterThanOrEqualTo(900);
      assertThat(server.connectionTimeouts().headerTimeouts()).isEqualTo(1);
    }
    assertServerResponds();
  }

  @Test
  void idleKeepAliveConnectionIsClosed() throws Exception {
    try (RawHttp connection = RawHttp.connect(server.port())) {
      connection.send("GET /api/games HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      RawHttp.Response response = connection.readResponse();
      long answeredNanos = System.nanoTime();
      assertThat(response.status()).isEqualTo(200);

      assertThat(connection.awaitClosed(Duration.ofSeconds(10))).isTrue();

      assertThat(elapsedMs(answeredNanos)).isGreaterThanOrEqualTo(1800);
      assertThat(server.connectionTimeouts().keepAliveTimeouts()).isEqualTo(1);
      assertThat(server.connectionTimeouts().headerTimeouts()).isZero();
    }
  }

  @Test
  void keptAliveConnectionServesNextRequest() throws Exception {
    try (RawHttp connection = RawHttp.connect(server.port())) {
      for (int i = 0; i < 3; i++) {
        connection.send("GET /api/games HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(connection.readResponse().status()).as("request %d", i).isEqualTo(200);
      }
    }
    assertThat(server.connectionTimeouts().keepAliveTimeouts()).isZero();
  }

  @Test
  void longLivedConnectionsOutliveTimeouts() throws Exception {
    WebSocketTestClient webSocket = clients.webSocket(GameEngine.GAMES);
    EventStreamTestClient stream = clients.eventStream(GameEngine.GAMES);
    webSocket.open();
    stream.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> webSocket.mirror().seq("games") != null
        && stream.mirror().seq("games") != null);
    Message snapshot = server.fanOut().snapshot(GameEngine.GAMES);
    String after = "games%7C" + snapshot.epoch() + "%7C" + snapshot.seq();

    try (RawHttp poll = RawHttp.connect(server.port())) {
      long startNanos = System.nanoTime();
      poll.send("GET /poll?channel=games&after=" + after + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      RawHttp.Response held = poll.readResponse();

      assertThat(elapsedMs(startNanos)).isGreaterThanOrEqualTo(POLL_HOLD.toMillis() - 100);
      assertThat(held.status()).isEqualTo(200);
      assertThat(Json.parse(held.body()).get("messages")).isEmpty();
    }
    assertThat(webSocket.connected()).isTrue();
    assertThat(stream.connected()).isTrue();
    long webSocketSeq = webSocket.mirror().seq("games");
    long streamSeq = stream.mirror().seq("games");
    server.engine().markStale(Replays.GAME, true);
    await().atMost(Duration.ofSeconds(5)).until(() -> webSocket.mirror().seq("games")
        > webSocketSeq && stream.mirror().seq("games") > streamSeq);
    assertThat(server.connectionTimeouts().headerTimeouts()).isZero();
    assertThat(server.connectionTimeouts().keepAliveTimeouts()).isZero();
  }

  @Test
  void oversizedHeadersGet431() throws Exception {
    try (RawHttp connection = RawHttp.connect(server.port())) {
      connection.send("GET /api/games HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
          + "a".repeat(ClientLimits.DEFAULT_MAX_HEADER_BYTES + 10) + "\r\n\r\n");

      RawHttp.Response response = connection.readResponse();

      assertThat(response.status()).isEqualTo(431);
      assertThat(connection.awaitClosed(Duration.ofSeconds(5))).isTrue();
    }
    assertServerResponds();
  }

  @Test
  void longRequestLineGets414() throws Exception {
    try (RawHttp connection = RawHttp.connect(server.port())) {
      connection.send("GET /api/games?pad="
          + "a".repeat(ClientLimits.DEFAULT_MAX_REQUEST_LINE_BYTES + 10)
          + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

      RawHttp.Response response = connection.readResponse();

      assertThat(response.status()).isEqualTo(414);
      assertThat(connection.awaitClosed(Duration.ofSeconds(5))).isTrue();
    }
    assertServerResponds();
  }

  @Test
  void missingHostGets400() throws Exception {
    for (String request : List.of("GET /api/games HTTP/1.1\r\n\r\n",
        "GET /api/games HTTP/1.1\r\nHost: bad host\r\n\r\n")) {
      try (RawHttp connection = RawHttp.connect(server.port())) {
        connection.send(request);

        RawHttp.Response response = connection.readResponse();

        assertThat(response.status()).as(request).isEqualTo(400);
        JsonNode error = Json.parse(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid-host");
        assertThat(error.get("message").asText())
            .isEqualTo("Missing or invalid Host header: expected host or host:port");
        assertThat(connection.awaitClosed(Duration.ofSeconds(5))).as(request).isTrue();
      }
    }
    assertServerResponds();
  }

  private void assertServerResponds() throws Exception {
    TestClients.FullResponse games = clients.get("/api/games");
    assertThat(games.status()).isEqualTo(200);
    JsonNode body = Json.parse(games.body());
    assertThat(body.get("games")).isNotEmpty();
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
