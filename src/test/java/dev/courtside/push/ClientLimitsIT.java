package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.engine.GameEngine;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.model.Json;
import dev.courtside.ops.ClientLimits;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Origin checks, connection maximums and rate limits on a running server: each is exceeded,
 * the rejection is checked, and a well-behaved client still subscribes and receives.
 */
class ClientLimitsIT {

  private static final String EVIL_ORIGIN = "https://evil.example";

  @TempDir Path dir;

  private CourtsideServer server;
  private TestClients clients;
  private WebSocketClient webSockets;
  private final List<WebSocket> opened = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (WebSocket socket : opened) {
      if (!socket.isClosed()) {
        socket.close();
      }
    }
    if (clients != null) {
      clients.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(ClientLimits clientLimits, Limits limits) throws Exception {
    server = CourtsideServer.startWithoutFeeds(
        TestServers.settings(dir).withClientLimits(clientLimits), limits);
    ReplayFeed replay = Replays.game(dir, server, 0);
    replay.start();
    replay.finished().get(30, TimeUnit.SECONDS);
    clients = new TestClients(server.port());
    webSockets = clients.vertx().createWebSocketClient();
  }

  private void start(ClientLimits clientLimits) throws Exception {
    start(clientLimits, Limits.DEFAULTS);
  }

  @Test
  void foreignOriginIsRejectedOnEveryTransport() throws Exception {
    start(ClientLimits.DEFAULTS.withRequestRate(0, 1));
    WebSocketTestClient bystander = openBystander();
    String expectedMessage = "Origin '" + EVIL_ORIGIN + "' is not allowed: expected an origin"
        + " with the host and port of the Host header '127.0.0.1:" + server.port() + "'";

    UpgradeRejectedException rejected = rejectedUpgrade("Origin", EVIL_ORIGIN);
    assertThat(rejected.getStatus()).isEqualTo(403);
    assertJsonError(rejected.getBody().toString(), "origin-not-allowed", expectedMessage,
        false);

    for (String uri : List.of("/events?channel=games", "/poll?channel=games")) {
      TestClients.FullResponse response = clients.get(uri, "Origin", EVIL_ORIGIN);
      assertThat(response.status()).as(uri).isEqualTo(403);
      assertThat(response.headers().get("Content-Type")).as(uri).isEqualTo("application/json");
      assertJsonError(response.body(), "origin-not-allowed", expectedMessage, false);
    }
    assertThat(server.sessions().size()).isEqualTo(1);
    assertThat(server.connections().open()).isEqualTo(1);
    assertBystanderUnaffected(bystander);
  }

  @Test
  void sameOriginAndListedOriginAreAccepted() throws Exception {
    start(ClientLimits.DEFAULTS.withAllowedOrigins(
        OriginPolicy.parse("https://scores.example.com")));
    String sameOrigin = "http://127.0.0.1:" + server.port();

    WebSocket listed = connect("Origin", "https://scores.example.com");
    WebSocket same = connect("Origin", sameOrigin);
    TestClients.FullResponse poll = clients.get("/poll?channel=games", "Origin", sameOrigin);

    assertThat(listed.isClosed()).isFalse();
    assertThat(same.isClosed()).isFalse();
    assertThat(poll.status()).isEqualTo(200);
    assertThat(Json.parse(poll.body()).get("messages").get(0).get("type").asText())
        .isEqualTo("snapshot");
    assertThat(rejectedUpgrade("Origin", "https://other.example.com").getStatus())
        .isEqualTo(403);
  }

  @Test
  void connectionMaximumRejectsWith503() throws Exception {
    start(ClientLimits.DEFAULTS.withMaxConnections(3, 0).withRequestRate(0, 1));
    WebSocketTestClient bystander = openBystander();
    connect();
    WebSocket third = connect();
    String message = "Too many open connections: the server accepts at most 3; retry after"
        + " 10 s";

    UpgradeRejectedException rejected = rejectedUpgrade();
    assertThat(rejected.getStatus()).isEqualTo(503);
    assertThat(rejected.getHeaders().get("Retry-After")).isEqualTo("10");
    assertJsonError(rejected.getBody().toString(), "too-many-connections", message, true);
    for (String uri : List.of("/events?channel=games", "/poll?channel=games")) {
      TestClients.FullResponse response = clients.get(uri);
      assertThat(response.status()).as(uri).isEqualTo(503);
      assertThat(response.headers().get("Retry-After")).as(uri).isEqualTo("10");
      assertJsonError(response.body(), "too-many-connections", message, true);
    }
    assertThat(server.connections().rejectedFull()).isEqualTo(3);
    assertBystanderUnaffected(bystander);

    third.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.connections().open() == 2);
    WebSocketTestClient next = clients.webSocket(GameEngine.GAMES);
    next.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> next.mirror().seq("games") != null);
  }

  @Test
  void perAddressMaximumRejectsWith429() throws Exception {
    start(ClientLimits.DEFAULTS.withMaxConnections(100, 2).withRequestRate(0, 1));
    WebSocketTestClient bystander = openBystander();
    connect();
    String message = "Too many open connections from 127.0.0.1: expected at most 2 per client"
        + " address; close one or retry after 10 s";

    UpgradeRejectedException rejected = rejectedUpgrade();
    assertThat(rejected.getStatus()).isEqualTo(429);
    assertThat(rejected.getHeaders().get("Retry-After")).isEqualTo("10");
    assertJsonError(rejected.getBody().toString(), "too-many-connections-per-address", message,
        true);
    TestClients.FullResponse events = clients.get("/events?channel=games");
    assertThat(events.status()).isEqualTo(429);
    assertJsonError(events.body(), "too-many-connections-per-address", message, true);
    assertThat(server.connections().openFrom("127.0.0.1")).isEqualTo(2);
    assertBystanderUnaffected(bystander);
  }

  @Test
  void trustedProxyForwardsClientAddress() throws Exception {
    start(ClientLimits.DEFAULTS.withMaxConnections(100, 2).withRequestRate(0, 1)
        .withTrustedProxies(ClientAddresses.parse("127.0.0.1")));
    connect("X-Forwarded-For", "198.51.100.1, 203.0.113.9");
    connect("X-Forwarded-For", "203.0.113.9");

    UpgradeRejectedException rejected = rejectedUpgrade("X-Forwarded-For", "203.0.113.9");
    WebSocket other = connect("X-Forwarded-For", "203.0.113.9, 203.0.113.10");
    WebSocket direct = connect();

    assertThat(rejected.getStatus()).isEqualTo(429);
    assertThat(Json.parse(rejected.getBody().toString()).at("/error/message").asText())
        .startsWith("Too many open connections from 203.0.113.9:");
    assertThat(other.isClosed()).isFalse();
    assertThat(direct.isClosed()).isFalse();
    assertThat(server.connections().openFrom("203.0.113.9")).isEqualTo(2);
    assertThat(server.connections().openFrom("203.0.113.10")).isEqualTo(1);
    assertThat(server.connections().openFrom("127.0.0.1")).isEqualTo(1);
  }

  @Test
  void untrustedPeerCannotForgeAddress() throws Exception {
    start(ClientLimits.DEFAULTS.withMaxConnections(100, 1).withRequestRate(0, 1));
    connect("X-Forwarded-For", "203.0.113.9");

    UpgradeRejectedException rejected = rejectedUpgrade("X-Forwarded-For", "203.0.113.10");

    assertThat(rejected.getStatus()).isEqualTo(429);
    assertThat(server.connections().openFrom("127.0.0.1")).isEqualTo(1);
  }

  @Test
  void excessSubscribeGetsRateLimitedError() throws Exception {
    start(ClientLimits.DEFAULTS.withRequestRate(0, 1), Limits.DEFAULTS.withSubscribeRate(0.1, 2));
    WebSocketTestClient bystander = openBystander();
    WebSocketTestClient client = clients.webSocket(GameEngine.GAMES);
    client.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.mirror().seq("games") != null);

    client.send("{\"type\":\"subscribe\",\"channels\":[\"" + Replays.GAME_CHANNEL + "\"]}");
    client.send("{\"type\":\"subscribe\",\"channels\":[\"" + Replays.LEAGUE_CHANNEL + "\"]}");

    await().atMost(Duration.ofSeconds(5)).until(() -> !client.mirror().controls().isEmpty());
    JsonNode error = client.mirror().controls().get(0);
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.get("code").asText()).isEqualTo("rate-limited");
    assertThat(error.get("message").asText()).isEqualTo("Too many subscribe messages: expected"
        + " at most 0.1 per second, with bursts of 2");
    assertThat(error.get("retry").asBoolean()).isTrue();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> client.mirror().seq(Replays.GAME_CHANNEL) != null);
    assertThat(client.mirror().seq(Replays.LEAGUE_CHANNEL)).isNull();
    assertThat(client.connected()).isTrue();
    assertBystanderUnaffected(bystander);
  }

  @Test
  void repeatedRateLimitedSubscribesClose() throws Exception {
    start(ClientLimits.DEFAULTS.withRequestRate(0, 1), Limits.DEFAULTS.withSubscribeRate(0.1, 1));
    WebSocketTestClient bystander = openBystander();
    WebSocketTestClient client = clients.webSocket(GameEngine.GAMES);
    client.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.mirror().seq("games") != null);

    for (int i = 0; i < 11; i++) {
      client.send("{\"type\":\"subscribe\",\"channels\":[\"games\"]}");
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> client.closeStatus() != null);
    assertThat(client.closeStatus()).isEqualTo((short) 1008);
    assertThat(client.closeReason()).isEqualTo("too-many-errors: more than 10 invalid messages");
    assertThat(client.mirror().controls()).hasSize(11);
    assertThat(client.mirror().controls())
        .allMatch(control -> control.get("code").asText().equals("rate-limited"));
    await().atMost(Duration.ofSeconds(5)).until(() -> server.connections().open() == 1);
    assertBystanderUnaffected(bystander);
  }

  @Test
  void requestRateRejectsWith429() throws Exception {
    start(ClientLimits.DEFAULTS.withRequestRate(0.2, 3)
        .withTrustedProxies(ClientAddresses.parse("127.0.0.1")));
    WebSocketTestClient bystander = openBystander();
    String limited = "203.0.113.9";

    for (int i = 0; i < 3; i++) {
      TestClients.FullResponse allowed = clients.get("/api/games", "X-Forwarded-For", limited);
      assertThat(allowed.status()).as("request %d", i).isEqualTo(200);
    }
    for (String uri : List.of("/api/games", "/events?channel=games", "/poll?channel=games",
        "/ingest/batch")) {
      TestClients.FullResponse response = clients.get(uri, "X-Forwarded-For", limited);
      assertThat(response.status()).as(uri).isEqualTo(429);
      assertThat(response.headers().get("Retry-After")).as(uri).isEqualTo("5");
      assertJsonError(response.body(), "rate-limited", "Too many requests from 203.0.113.9:"
          + " expected at most 0.2 per second, with bursts of 3; retry after 5 s", true);
    }
    UpgradeRejectedException rejected = rejectedUpgrade("X-Forwarded-For", limited);
    assertThat(rejected.getStatus()).isEqualTo(429);
    assertThat(clients.get("/", "X-Forwarded-For", limited).status()).isEqualTo(200);
    assertThat(clients.get("/api/games", "X-Forwarded-For", "203.0.113.10").status())
        .isEqualTo(200);
    assertThat(server.requestRateLimiter().rejected()).isEqualTo(5);
    assertBystanderUnaffected(bystander);
  }

  @Test
  void countsReturnToZeroAfterEveryClose() throws Exception {
    start(ClientLimits.DEFAULTS.withRequestRate(0, 1),
        Limits.DEFAULTS.withPollHold(Duration.ofSeconds(1)));
    List<TestClient> open = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      open.add(clients.webSocket(GameEngine.GAMES, Replays.GAME_CHANNEL));
      open.add(clients.eventStream(GameEngine.GAMES));
      open.add(clients.poll(GameEngine.GAMES));
    }
    for (TestClient client : open) {
      client.open();
    }
    WebSocketTestClient misbehaving = clients.webSocket(GameEngine.GAMES);
    misbehaving.open();
    List<RawHttp> abandoned = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RawHttp poll = RawHttp.connect(server.port());
      poll.send("GET /poll?channel=games&after=games%7Cnone%7C99999 HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\n\r\n");
      abandoned.add(poll);
      RawHttp upgrade = RawHttp.connect(server.port());
      upgrade.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n");
      abandoned.add(upgrade);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.connections().open() >= 16);
    assertThat(server.connections().open()).isEqualTo(server.sessions().size());

    for (int i = 0; i < 11; i++) {
      misbehaving.send("garbage " + i);
    }
    for (RawHttp connection : abandoned) {
      connection.close();
    }
    for (TestClient client : open) {
      client.disconnect();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> misbehaving.closeStatus() != null);
    clients.close();
    clients = null;

    await().atMost(Duration.ofSeconds(10)).until(() -> server.connections().open() == 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().size() == 0);
    assertThat(server.connections().addressCount()).isZero();
    assertThat(server.fanOut().subscriptionCount()).isZero();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> server.connectionTimeouts().trackedConnections() == 0);
  }

  /** Opens a WebSocket client on {@code games} from 127.0.0.1 and waits for its snapshot. */
  private WebSocketTestClient openBystander() throws Exception {
    WebSocketTestClient bystander = clients.webSocket(GameEngine.GAMES);
    bystander.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> bystander.mirror().seq("games") != null);
    return bystander;
  }

  /**
   * Opens a WebSocket on {@code /ws} with the given header names and values, alternating.
   */
  private WebSocket connect(String... headers) throws Exception {
    WebSocket socket = webSockets.connect(options(headers)).toCompletionStage()
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    opened.add(socket);
    return socket;
  }

  private UpgradeRejectedException rejectedUpgrade(String... headers) {
    ExecutionException failure = catchThrowableOfType(ExecutionException.class,
        () -> connect(headers));
    assertThat(failure).as("upgrade with %s", List.of(headers)).isNotNull();
    assertThat(failure.getCause()).isInstanceOf(UpgradeRejectedException.class);
    return (UpgradeRejectedException) failure.getCause();
  }

  private WebSocketConnectOptions options(String... headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(server.port()).setURI(WebSocketTransport.PATH);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return options;
  }

  private static void assertJsonError(String body, String code, String message, boolean retry)
      throws Exception {
    JsonNode error = Json.parse(body).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isEqualTo(message);
    assertThat(error.get("retry").asBoolean()).isEqualTo(retry);
  }

  /** Checks that the bystander still gets what is published on its channel. */
  private void assertBystanderUnaffected(WebSocketTestClient bystander) {
    long before = bystander.mirror().seq("games");
    server.engine().markStale(Replays.GAME, true);
    server.engine().markStale(Replays.GAME, false);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> bystander.mirror().seq("games") >= before + 2);
    assertThat(bystander.connected()).isTrue();
    assertThat(bystander.mirror().violations()).isEmpty();
    assertThat(bystander.mirror().controls())
        .noneMatch(control -> control.get("type").asText().equals("error"));
  }
}
