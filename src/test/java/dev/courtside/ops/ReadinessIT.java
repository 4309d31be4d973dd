package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.ingest.FeedSpec;
import dev.courtside.ingest.FeedTestServer;
import dev.courtside.ingest.IngestSettings;
import dev.courtside.model.Json;
import dev.courtside.push.Limits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/ready} with one live feed whose provider stand-in first returns status 500,
 * then the recorded scoreboard: not ready until the first success, ready after it, and not ready
 * again once the feed has failed for longer than three intervals.
 */
class ReadinessIT {

  private static final String BOARD = "/board";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();
  private FeedTestServer provider;
  private CourtsideServer server;

  @BeforeEach
  void start() throws Exception {
    provider = new FeedTestServer();
    provider.respond(BOARD, FeedTestServer.Canned.status(500, Map.of()));
    FeedSpec spec = FeedSpec.parse("id=scores,url=" + provider.url(BOARD) + ",interval=1s");
    server = CourtsideServer.startWithoutReplay(TestServers.settings(dir), Limits.DEFAULTS,
        IngestSettings.none().withFeeds(List.of(spec)));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    provider.close();
  }

  private HttpResponse<String> ready() throws Exception {
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/health/ready"))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void feedGatesReadiness() throws Exception {
    await().atMost(WAIT).until(() -> provider.count(BOARD) >= 1);
    HttpResponse<String> failing = ready();
    JsonNode failingBody = Json.parse(failing.body());
    assertThat(failing.statusCode()).isEqualTo(503);
    assertThat(failingBody.path("status").asText()).isEqualTo("not-ready");
    assertThat(failingBody.path("store").asBoolean()).isTrue();
    assertThat(failingBody.path("bus").asBoolean()).isTrue();
    assertThat(failingBody.path("feeds").asBoolean()).isFalse();
    assertThat(failingBody.path("failingFeeds").toString()).isEqualTo("[\"scores\"]");

    provider.respond(BOARD, FeedTestServer.Canned.json(Files.readAllBytes(Path.of(
        TestServers.recording("espn/nba_scoreboard_2026-05-02_in_progress.json")))));
    await().atMost(WAIT).until(() -> ready().statusCode() == 200);
    JsonNode readyBody = Json.parse(ready().body());
    assertThat(readyBody.path("status").asText()).isEqualTo("ready");
    assertThat(readyBody.path("failingFeeds").size()).isZero();

    provider.respond(BOARD, FeedTestServer.Canned.status(500, Map.of()));
    await().atMost(WAIT).until(() -> ready().statusCode() == 503);
    assertThat(Json.parse(ready().body()).path("failingFeeds").toString())
        .isEqualTo("[\"scores\"]");
  }

  @Test
  void serverWithoutFeedsIsReady(@TempDir Path otherDir) throws Exception {
    try (CourtsideServer plain = CourtsideServer.startWithoutFeeds(
        TestServers.settings(otherDir), Limits.DEFAULTS)) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + plain.port() + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Json.parse(response.body()).path("feeds").asBoolean()).isTrue();
    }
  }
}
