package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameJson;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Json;
import dev.courtside.model.Side;
import dev.courtside.model.Team;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import dev.courtside.push.Limits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestApiIT {

  private static final String TOKEN = "s3cret-token-for-tests";

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private CourtsideServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(String token) {
    server = CourtsideServer.startWithoutReplay(TestServers.settings(dir), Limits.DEFAULTS,
        IngestSettings.none().withToken(token).withMaxPushBytes(64 * 1024));
  }

  @Test
  void gameIsAcceptedWithToken() throws Exception {
    start(TOKEN);

    HttpResponse<String> response = post("/ingest/games/g1", game("g1", 10, 8), TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.parse(response.body());
    assertThat(body.path("accepted").get(0).path("game").asText()).isEqualTo("g1");
    assertThat(body.path("rejected")).isEmpty();
    assertThat(server.engine().current("g1").orElseThrow().home().score()).isEqualTo(10);
  }

  @Test
  void providerPayloadIsAccepted() throws Exception {
    start(TOKEN);

    HttpResponse<String> response = post("/ingest/games/0042200123",
        new String(Payloads.bytes("nba-livedata/boxscore_0042200123.json")), TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(server.engine().current("0042200123").orElseThrow().away().score())
        .isEqualTo(102);
  }

  @Test
  void missingTokenIsUnauthorized() throws Exception {
    start(TOKEN);

    HttpResponse<String> response = post("/ingest/games/g1", game("g1", 10, 8), null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(
        "Bearer realm=\"courtside-ingest\"");
    assertThat(Json.parse(response.body()).at("/error/message").asText()).isEqualTo(
        "Missing Authorization header: expected Bearer and the ingest token");
    assertThat(server.engine().current("g1")).isEmpty();
  }

  @Test
  void wrongTokenIsUnauthorized() throws Exception {
    start(TOKEN);

    HttpResponse<String> response = post("/ingest/games/g1", game("g1", 10, 8), TOKEN + "x");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Json.parse(response.body()).at("/error/code").asText())
        .isEqualTo("unauthorized");
  }

  @Test
  void tokenInQueryIsIgnored() throws Exception {
    start(TOKEN);

    HttpResponse<String> response = post("/ingest/games/g1?token=" + TOKEN + "&access_token="
        + TOKEN, game("g1", 10, 8), null);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void oversizedBodyIsRejected() throws Exception {
    start(TOKEN);
    String big = "[" + "0,".repeat(40_000) + "0]";

    HttpResponse<String> response = post("/ingest/batch", big, TOKEN);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(Json.parse(response.body()).at("/error/code").asText())
        .isEqualTo("body-too-large");
  }

  @Test
  void batchAppliesValidAndListsInvalid() throws Exception {
    start(TOKEN);
    ArrayNode batch = Json.MAPPER.createArrayNode();
    batch.add(Json.parse(game("g1", 10, 8)));
    ObjectNode invalid = (ObjectNode) Json.parse(game("g2", 10, 8));
    invalid.put("period", 0);
    batch.add(invalid);
    batch.add(Json.parse(game("g3", 1, 0)));

    HttpResponse<String> response = post("/ingest/batch", Json.write(batch), TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = Json.parse(response.body());
    assertThat(body.path("accepted")).extracting(node -> node.path("game").asText())
        .containsExactly("g1", "g3");
    assertThat(body.path("rejected")).hasSize(1);
    assertThat(body.path("rejected").get(0).path("index").asInt()).isEqualTo(1);
    assertThat(body.path("rejected").get(0).path("reason").asText()).isEqualTo(
        "Invalid period 0 in game g2 with status live: expected 1 or more");
    assertThat(body.at("/error/code").asText()).isEqualTo("invalid-records");
    assertThat(server.engine().current("g1")).isPresent();
    assertThat(server.engine().current("g2")).isEmpty();
    assertThat(server.engine().current("g3")).isPresent();
  }

  @Test
  void pathAndBodyIdMustMatch() throws Exception {
    start(TOKEN);

    HttpResponse<String> response = post("/ingest/games/g9", game("g1", 10, 8), TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.parse(response.body()).at("/rejected/0/reason").asText()).isEqualTo(
        "Invalid game id g1 in game g1: expected g9, the id in the request path");
  }

  @Test
  void rejectedRecordIsListedInQuarantine() throws Exception {
    start(TOKEN);
    post("/ingest/games/g1", game("g1", 10, 8), TOKEN);
    post("/ingest/games/g1", game("g1", 4, 8), TOKEN);

    await().atMost(Duration.ofSeconds(10)).until(() -> Json.parse(
        get("/api/quarantine?limit=5").body()).path("entries").size() == 1);
    JsonNode body = Json.parse(get("/api/quarantine?limit=5").body());

    JsonNode entry = body.path("entries").get(0);
    assertThat(entry.path("feed").asText()).isEqualTo("push");
    assertThat(entry.path("record").asText()).isEqualTo("game g1");
    assertThat(entry.path("reason").asText()).startsWith("Invalid score 4-8 (home-away)");
    assertThat(body.at("/rejectedByFeed/push").asLong()).isEqualTo(1);
  }

  @Test
  void quarantineLimitIsChecked() throws Exception {
    start(TOKEN);

    HttpResponse<String> response = get("/api/quarantine?limit=0");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.parse(response.body()).at("/error/message").asText()).isEqualTo(
        "Invalid limit '0': expected a whole number from 1 to 500");
  }

  @Test
  void withoutTokenIngestIsNotFound() throws Exception {
    start(null);

    HttpResponse<String> response = post("/ingest/games/g1", game("g1", 10, 8), TOKEN);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Json.parse(response.body()).at("/error/code").asText())
        .isEqualTo("ingest-disabled");
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static String game(String id, int home, int away) {
    Game game = new Game(id, "nba", Instant.parse("2026-05-02T23:30:00Z"),
        new Side(new Team("nba", "100", "Home", "HOM", ""), home, List.of()),
        new Side(new Team("nba", "200", "Away", "AWY", ""), away, List.of()), GameStatus.LIVE,
        2, 4, Duration.ofMinutes(3), null, false, 0);
    ObjectNode node = GameJson.write(game);
    node.remove("seq");
    return Json.write(node);
  }
}
