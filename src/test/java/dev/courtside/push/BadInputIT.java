package dev.courtside.push;

import static dev.courtside.push.Replays.GAME_CHANNEL;
import static dev.courtside.push.Replays.LEAGUE_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.engine.GameEngine;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.model.Json;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Invalid client input on every transport: each gets an error with a stable code that names
 * the value, and other clients go on as before. One server and one bystander serve every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

  private static final int MAX_CHANNELS = 2;

  @TempDir static Path dir;

  private CourtsideServer server;
  private TestClients clients;
  private WebSocketTestClient bystander;

  @BeforeAll
  void start() throws Exception {
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir),
        new Limits(256, MAX_CHANNELS, 16 * 1024, 10, Duration.ofSeconds(15),
            Duration.ofSeconds(45), Duration.ofSeconds(30), Duration.ofSeconds(2)));
    ReplayFeed replay = Replays.game(dir, server, 0);
    replay.start();
    replay.finished().get(30, TimeUnit.SECONDS);
    clients = new TestClients(server.port());
    bystander = clients.webSocket(GameEngine.GAMES);
    bystander.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> bystander.mirror().seq("games") != null);
  }

  @AfterAll
  void stop() throws Exception {
    clients.close();
    server.close();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{not json"
          + "|invalid-message|Message is not valid JSON: ",
      "[]"
          + "|invalid-message|Invalid message: expected a JSON object with a 'type'",
      "null"
          + "|invalid-message|Invalid message: expected a JSON object with a 'type'",
      "42"
          + "|invalid-message|Invalid message: expected a JSON object with a 'type'",
      "`\"subscribe\"`"
          + "|invalid-message|Invalid message: expected a JSON object with a 'type'",
      "{}"
          + "|invalid-message|Unknown message type '': expected subscribe, unsubscribe or ping",
      "{\"type\":\"dance\"}"
          + "|invalid-message|Unknown message type 'dance': expected subscribe, unsubscribe or ping",
      "{\"type\":\"subscribe\",\"channels\":[\"game:nope\"]}"
          + "|unknown-channel|Unknown channel 'game:nope': expected games, league:{id} or game:{id}",
      "{\"type\":\"subscribe\",\"channels\":[\"bad channel\"]}"
          + "|invalid-channel|Invalid channel name 'bad channel': expected 1 to 100 characters",
      "{\"type\":\"subscribe\",\"channels\":{}}"
          + "|invalid-message|Invalid subscribe: expected a non-empty array 'channels'",
      "{\"type\":\"subscribe\",\"channels\":[{\"channel\":\"games\",\"epoch\":\"e1\",\"seq\":-1}]}"
          + "|invalid-position|Invalid seq '-1' for channel games: expected a whole number from 0",
      "{\"type\":\"subscribe\",\"channels\":[{\"channel\":\"games\",\"epoch\":\"e1\",\"seq\":1e30}]}"
          + "|invalid-position|Invalid seq '1.0E30' for channel games: expected a whole number",
      "{\"type\":\"subscribe\",\"channels\":[{\"channel\":\"games\",\"epoch\":\"e1\",\"seq\":\"5\"}]}"
          + "|invalid-position|Invalid seq for channel 'games': expected a whole number with the"
          + " epoch",
  })
  void invalidWebSocketMessageGetsError(String text, String code, String messageStart)
      throws Exception {
    WebSocketTestClient client = clients.webSocket(GameEngine.GAMES);
    client.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.mirror().seq("games") != null);

    client.send(text);

    await().atMost(Duration.ofSeconds(5)).until(() -> !client.mirror().controls().isEmpty());
    JsonNode error = client.mirror().controls().get(0);
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).startsWith(messageStart);
    assertThat(error.get("retry").asBoolean()).isFalse();
    assertThat(client.connected()).isTrue();
    assertBystanderUnaffected();
  }

  @Test
  void tooManyChannelsGetsError() throws Exception {
    WebSocketTestClient client = clients.webSocket(GameEngine.GAMES, LEAGUE_CHANNEL);
    client.open();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> client.mirror().seq(LEAGUE_CHANNEL) != null);

    client.send("{\"type\":\"subscribe\",\"channels\":[\"" + GAME_CHANNEL + "\"]}");

    await().atMost(Duration.ofSeconds(5)).until(() -> !client.mirror().controls().isEmpty());
    JsonNode error = client.mirror().controls().get(0);
    assertThat(error.get("code").asText()).isEqualTo("too-many-channels");
    assertThat(error.get("message").asText()).isEqualTo("Cannot subscribe to '" + GAME_CHANNEL
        + "': at most 2 channels per connection");
    assertThat(client.mirror().seq(GAME_CHANNEL)).isNull();
    assertThat(client.connected()).isTrue();
  }

  @Test
  void oversizedMessageGetsError() throws Exception {
    WebSocketTestClient client = clients.webSocket(GameEngine.GAMES);
    client.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.mirror().seq("games") != null);

    client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(20_000) + "\"}");

    await().atMost(Duration.ofSeconds(5))
        .until(() -> !client.mirror().controls().isEmpty() || !client.connected());
    assertThat(client.closeStatus()).isNull();
    JsonNode error = client.mirror().controls().get(0);
    assertThat(error.get("code").asText()).isEqualTo("message-too-large");
    assertThat(error.get("message").asText())
        .isEqualTo("Message of 20024 bytes is too large: expected at most 16384");
    assertBystanderUnaffected();
  }

  @Test
  void fragmentedMessageIsReassembled() throws Exception {
    WebSocketTestClient client = clients.webSocket(GameEngine.GAMES);
    client.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.mirror().seq("games") != null);

    client.socket().writeFrame(WebSocketFrame.textFrame("", false));
    client.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("{\"type\":"),
        false));
    client.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("\"ping\"}"),
        true));

    await().atMost(Duration.ofSeconds(5)).until(() -> !client.mirror().controls().isEmpty());
    assertThat(client.mirror().controls().get(0).get("type").asText()).isEqualTo("pong");
    assertThat(client.connected()).isTrue();
    assertBystanderUnaffected();
  }

  @Test
  void oversizedFragmentedMessageGetsError() throws Exception {
    WebSocketTestClient client = clients.webSocket(GameEngine.GAMES);
    client.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.mirror().seq("games") != null);

    client.socket().writeFrame(WebSocketFrame.textFrame("{\"type\":\"ping\",\"pad\":\"", false));
    for (int i = 0; i < 20; i++) {
      client.socket().writeFrame(WebSocketFrame.continuationFrame(
          Buffer.buffer("x".repeat(1000)), false));
    }
    client.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("\"}"), true));

    await().atMost(Duration.ofSeconds(5)).until(() -> !client.mirror().controls().isEmpty());
    JsonNode error = client.mirror().controls().get(0);
    assertThat(error.get("code").asText()).isEqualTo("message-too-large");
    assertThat(error.get("message").asText())
        .isEqualTo("Message of 20024 bytes is too large: expected at most 16384");
    assertThat(client.connected()).isTrue();
    assertBystanderUnaffected();
  }

  @Test
  void repeatedGarbageClosesWithPolicyViolation() throws Exception {
    WebSocketTestClient client = clients.webSocket(GameEngine.GAMES);
    client.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.mirror().seq("games") != null);

    for (int i = 0; i < 11; i++) {
      client.send("garbage " + i);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> client.closeStatus() != null);
    assertThat(client.closeStatus()).isEqualTo((short) 1008);
    assertThat(client.closeReason())
        .isEqualTo("too-many-errors: more than 10 invalid messages");
    assertThat(client.mirror().controls()).hasSize(11);
    assertBystanderUnaffected();
  }

  @Test
  void manyBadChannelsStopAtErrorLimit() throws Exception {
    WebSocketTestClient client = clients.webSocket(GameEngine.GAMES);
    client.open();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.mirror().seq("games") != null);
    StringBuilder channels = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      channels.append(i == 0 ? "" : ",").append("\"bad channel ").append(i).append('"');
    }

    client.send("{\"type\":\"subscribe\",\"channels\":[" + channels + "]}");

    await().atMost(Duration.ofSeconds(5)).until(() -> client.closeStatus() != null);
    assertThat(client.closeStatus()).isEqualTo((short) 1008);
    assertThat(client.closeReason())
        .isEqualTo("too-many-errors: more than 10 invalid messages");
    assertThat(client.mirror().controls()).hasSize(11);
    assertThat(client.mirror().controls().get(10).get("message").asText())
        .isEqualTo("Invalid channel name 'bad channel 10': expected 1 to 100 characters"
            + " from A-Z a-z 0-9 : _ . -");
    assertBystanderUnaffected();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "/poll?after=|400|missing-channel|Missing query parameter 'channel'",
      "/events|400|missing-channel|Missing query parameter 'channel'",
      "/poll?channel=game:nope|404|unknown-channel|Unknown channel 'game:nope'",
      "/events?channel=game:nope|404|unknown-channel|Unknown channel 'game:nope'",
      "/poll?channel=bad%20name|400|invalid-channel|Invalid channel name 'bad name'",
      "/poll?channel=games&after=garbage"
          + "|400|invalid-position|Invalid position 'garbage': expected channel|epoch|seq",
      "/events?channel=games&last=garbage"
          + "|400|invalid-position|Invalid position 'garbage': expected channel|epoch|seq",
      "/poll?channel=games&after=games%7Ce1%7C-5"
          + "|400|invalid-position|Invalid seq '-5' for channel games",
      "/poll?channel=games&after=games%7Ce1%7C1e30"
          + "|400|invalid-position|Invalid seq '1e30' for channel games",
      "/poll?channel=games&after=games%7Ce1%7C99999999999999999999999999999"
          + "|400|invalid-position|Invalid seq '99999999999999999999999999999' for channel",
      "/poll?channel=games&after=games%7Ce%20pic%7C5"
          + "|400|invalid-position|Invalid epoch 'e pic' for channel games",
      "/poll?channel=games&channel=league:nba&channel=game:0022000001"
          + "|400|too-many-channels|3 channels requested: expected at most 2",
      "/ws|400|invalid-upgrade|Request to /ws is not a WebSocket upgrade: expected GET with"
          + " 'Upgrade: websocket' and 'Sec-WebSocket-Version: 13'",
  })
  void invalidHttpRequestGetsJsonError(String uri, int status, String code,
      String messageStart) throws Exception {
    TestClients.FullResponse answer = clients.get(uri);

    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.headers().get("Content-Type")).isEqualTo("application/json");
    JsonNode error = Json.parse(answer.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).startsWith(messageStart);
    assertThat(error.get("retry").asBoolean()).isFalse();
    assertBystanderUnaffected();
  }

  @Test
  void tooManyPositionsGetsJsonError() throws Exception {
    StringBuilder after = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      after.append(i == 0 ? "" : "%2C").append("games%7Ce1%7C").append(i);
    }

    TestClients.FullResponse answer = clients.get("/poll?channel=games&after=" + after);

    assertThat(answer.status()).isEqualTo(400);
    JsonNode error = Json.parse(answer.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("invalid-position");
    assertThat(error.get("message").asText())
        .isEqualTo("Too many positions: expected at most 100");
  }

  @Test
  void garbageLastEventIdGetsJsonError() throws Exception {
    TestClients.FullResponse answer = clients.get("/events?channel=games",
        "Last-Event-ID", "games|only-two");

    assertThat(answer.status()).isEqualTo(400);
    JsonNode error = Json.parse(answer.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("invalid-position");
    assertThat(error.get("message").asText())
        .isEqualTo("Invalid position 'games|only-two': expected channel|epoch|seq");
  }

  /** Checks that the bystander still gets what is published on its channel. */
  private void assertBystanderUnaffected() {
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
