package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courtside.model.Game;
import dev.courtside.model.Team;
import dev.courtside.push.Limits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks that the pages and their scripts are served, without a browser. */
class PagesIT {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private CourtsideServer server;

  @BeforeEach
  void start() {
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir), Limits.DEFAULTS);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void scoreboardPageLoadsItsModule() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("<script type=\"module\"");
    assertThat(page.body()).contains("app.js");
  }

  @Test
  void pagesCarrySecurityHeaders() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(CourtsideServer.CONTENT_SECURITY_POLICY);
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  @Test
  void clientModuleIsServedAsJavaScript() throws Exception {
    HttpResponse<String> script = get("/client/courtside.js");

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).contains("javascript"));
    assertThat(script.body()).contains("export function connect");
  }

  @Test
  void gamePageIsServedForAnyGameId() throws Exception {
    HttpResponse<String> page = get("/games/0022000001");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("game.js");
  }

  @Test
  void unknownGameApiAnswers404WithReason() throws Exception {
    HttpResponse<String> response = get("/api/games/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo(
        "{\"error\":{\"code\":\"unknown-game\",\"message\":\"Unknown game 'nope'\","
            + "\"retry\":false}}");
  }

  @Test
  void invalidPlaysLimitAnswers400() throws Exception {
    server.engine().applyHeader(Game.scheduled("g1", "nba", null,
        new Team("nba", "1", "Home", "HOM", ""), new Team("nba", "2", "Away", "AWY", ""), 4));

    HttpResponse<String> response = get("/api/games/g1/plays?limit=0");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains(
        "Invalid limit '0': expected a whole number from 1 to 200");
  }

  @Test
  void invalidDateAnswers400() throws Exception {
    HttpResponse<String> response = get("/api/games?date=2020-13-01");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Invalid date '2020-13-01': expected YYYY-MM-DD");
  }
}
