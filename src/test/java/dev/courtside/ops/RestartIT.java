package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Json;
import dev.courtside.push.Limits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartIT {

  private static final String GAME = "0022000001";

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private JsonNode get(CourtsideServer server, String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
    return Json.parse(response.body());
  }

  @Test
  void restartServesLastStateAndPlays() throws Exception {
    Path recordings = Files.createDirectories(dir.resolve("replay"));
    for (String name : List.of("playbyplay_0022000001.json", "boxscore_0022000001.json")) {
      Files.copy(Path.of(TestServers.recording("nba-livedata/" + name)),
          recordings.resolve(name));
    }
    JsonNode gamesBefore;
    JsonNode gameBefore;
    JsonNode playsBefore;
    JsonNode olderPlaysBefore;
    try (CourtsideServer first = TestServers.replaying(dir, recordings.toString(), 0)) {
      first.replay().finished().get(60, TimeUnit.SECONDS);
      gamesBefore = get(first, "/api/games");
      gameBefore = get(first, "/api/games/" + GAME);
      playsBefore = get(first, "/api/games/" + GAME + "/plays?limit=200");
      olderPlaysBefore = get(first, "/api/games/" + GAME + "/plays?limit=200&before="
          + playsBefore.get("next").asLong());
    }

    try (CourtsideServer second = CourtsideServer.startWithoutFeeds(
        TestServers.settings(dir), Limits.DEFAULTS)) {
      assertThat(get(second, "/api/games")).isEqualTo(gamesBefore);
      assertThat(get(second, "/api/games/" + GAME)).isEqualTo(gameBefore);
      assertThat(get(second, "/api/games/" + GAME + "/plays?limit=200"))
          .isEqualTo(playsBefore);
      assertThat(get(second, "/api/games/" + GAME + "/plays?limit=200&before="
          + playsBefore.get("next").asLong())).isEqualTo(olderPlaysBefore);
    }
    assertThat(gameBefore.at("/home/score").asInt()).isEqualTo(125);
    assertThat(gameBefore.get("status").asText()).isEqualTo("final");
    assertThat(playsBefore.get("plays").size()).isEqualTo(200);
  }
}
