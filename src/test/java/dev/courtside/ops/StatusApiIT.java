package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.ingest.FeedSpec;
import dev.courtside.ingest.FeedTestServer;
import dev.courtside.ingest.IngestSettings;
import dev.courtside.model.Json;
import dev.courtside.push.Limits;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/status} and the {@code /status} page, with one feed that works and one whose
 * URL carries credentials and fails.
 */
class StatusApiIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();
  private FeedTestServer provider;
  private Vertx vertx;
  private CourtsideServer server;

  @BeforeEach
  void start() throws Exception {
    provider = new FeedTestServer();
    provider.respond("/board", FeedTestServer.Canned.json(Files.readAllBytes(Path.of(
        TestServers.recording("espn/nba_scoreboard_2026-05-02_in_progress.json")))));
    provider.respond("/keyed", FeedTestServer.Canned.status(500, Map.of()));
    vertx = Vertx.vertx();
    String keyed = provider.base().replace("http://", "http://reader:pa55word@")
        + "/keyed?apiKey=s3cret";
    List<FeedSpec> feeds = List.of(
        FeedSpec.parse("id=scores,url=" + provider.url("/board") + ",interval=1s"),
        FeedSpec.parse("id=keyed,url=" + keyed + ",interval=1s"));
    server = CourtsideServer.startWithoutReplay(TestServers.settings(dir), Limits.DEFAULTS,
        IngestSettings.none().withFeeds(feeds));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    provider.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode status() throws Exception {
    return Json.parse(get("/api/status").body());
  }

  private static JsonNode feed(JsonNode status, String name) {
    for (JsonNode feed : status.path("feeds")) {
      if (feed.path("name").asText().equals(name)) {
        return feed;
      }
    }
    throw new AssertionError("feed " + name + " not in " + status);
  }

  @Test
  void statusListsFeedsAndParts() throws Exception {
    ChannelMirror mirror = new ChannelMirror();
    try (TestWebSocket socket = TestWebSocket.connect(vertx, server.port(), mirror)) {
      socket.subscribe("games");
      await().atMost(WAIT).until(() -> feed(status(), "scores").path("state").asText()
          .equals("ok") && feed(status(), "keyed").path("failures").asLong() >= 1);

      HttpResponse<String> response = get("/api/status");
      JsonNode status = Json.parse(response.body());
      JsonNode scores = feed(status, "scores");
      JsonNode keyed = feed(status, "keyed");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/json"));
      assertThat(status.path("status").asText()).isEqualTo("not-ready");
      assertThat(status.path("store").path("up").asBoolean()).isTrue();
      assertThat(status.path("bus").path("up").asBoolean()).isTrue();
      assertThat(status.path("bus").path("kind").asText()).isEqualTo("local");
      assertThat(status.path("connections").path("ws").asLong()).isEqualTo(1);
      assertThat(status.path("connections").path("total").asLong()).isEqualTo(1);
      assertThat(status.path("subscriptions").asLong()).isEqualTo(1);

      assertThat(scores.path("kind").asText()).isEqualTo("poll");
      assertThat(scores.path("host").asText())
          .isEqualTo("127.0.0.1:" + URI.create(provider.base()).getPort());
      assertThat(scores.path("polls").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(scores.path("failures").asLong()).isZero();
      assertThat(scores.path("lastError").isNull()).isTrue();
      assertThat(Instant.parse(scores.path("lastSuccess").asText()))
          .isBefore(Instant.now().plusSeconds(1));

      assertThat(keyed.path("state").asText()).isEqualTo("failing");
      assertThat(keyed.path("lastSuccess").isNull()).isTrue();
      assertThat(keyed.path("lastError").asText()).isNotEmpty();
      assertThat(keyed.path("host").asText())
          .isEqualTo("127.0.0.1:" + URI.create(provider.base()).getPort());
      assertThat(response.body()).doesNotContain("s3cret");
      assertThat(response.body()).doesNotContain("pa55word");
      assertThat(response.body()).doesNotContain("apiKey");
    }
  }

  @Test
  void statusPageLoadsItsModule() throws Exception {
    HttpResponse<String> page = get("/status");
    HttpResponse<String> script = get("/status.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script type=\"module\" src=\"/status.js\">");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(CourtsideServer.CONTENT_SECURITY_POLICY);
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).contains("export function renderStatus");
  }
}
