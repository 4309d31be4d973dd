package dev.courtside.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads games and plays from a test server's REST API on 127.0.0.1. */
final class GamesApiClient {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  // NOTE: one GET of this client once hung past its request timeout (JDK 17.0.15, Vert.x 5).
  // HTTP/1.1 avoids the client's h2c upgrade, the suspected cause, and get() bounds the wait.
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String baseUrl;

  GamesApiClient(int port) {
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /** Returns {@code GET /api/games/{id}}. */
  JsonNode game(String id) throws IOException, InterruptedException {
    return get("/api/games/" + id);
  }

  /** Returns the ids of {@code GET /api/games}, ordered by start. */
  List<String> gameIds() throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    for (JsonNode game : get("/api/games").get("games")) {
      ids.add(game.get("id").asText());
    }
    return ids;
  }

  /** Returns every play of a game, newest first, following {@code next} page by page. */
  List<JsonNode> allPlays(String id) throws IOException, InterruptedException {
    List<JsonNode> plays = new ArrayList<>();
    String query = "?limit=200";
    while (true) {
      JsonNode page = get("/api/games/" + id + "/plays" + query);
      page.get("plays").forEach(plays::add);
      if (!page.hasNonNull("next")) {
        return plays;
      }
      query = "?limit=200&before=" + page.get("next").asLong();
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .build();
    HttpResponse<String> response;
    try {
      // The future's own bound ends the wait even if the client misses its request timeout.
      response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .get(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IOException("GET " + path + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("GET " + path + " timed out after "
          + (REQUEST_TIMEOUT.toSeconds() + 5) + " s", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " failed with status " + response.statusCode()
          + ": " + response.body());
    }
    return Json.parse(response.body());
  }
}
