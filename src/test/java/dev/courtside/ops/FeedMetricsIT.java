package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.ingest.FeedSpec;
import dev.courtside.ingest.FeedTestServer;
import dev.courtside.ingest.IngestSettings;
import dev.courtside.push.Limits;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-feed meters of {@code /metrics}: a feed polls a recorded ESPN scoreboard from a local
 * provider stand-in every second, and a WebSocket client follows the games it brings.
 */
class FeedMetricsIT {

  private static final String BOARD = "/board";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String POLLS = "courtside_feed_polls_total{feed=\"scores\"}";
  private static final String FAILURES = "courtside_feed_failures_total{feed=\"scores\"}";
  private static final String QUARANTINED =
      "courtside_feed_quarantined_records_total{feed=\"scores\"}";

  @TempDir Path dir;

  private FeedTestServer provider;
  private Vertx vertx;
  private CourtsideServer server;

  @BeforeEach
  void start() throws Exception {
    provider = new FeedTestServer();
    provider.respond(BOARD, FeedTestServer.Canned.json(Files.readAllBytes(Path.of(
        TestServers.recording("espn/nba_scoreboard_2026-05-02_in_progress.json")))));
    vertx = Vertx.vertx();
    FeedSpec spec = FeedSpec.parse("id=scores,url=" + provider.url(BOARD) + ",interval=1s");
    server = CourtsideServer.startWithoutReplay(TestServers.settings(dir), Limits.DEFAULTS,
        IngestSettings.none().withFeeds(List.of(spec)));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    provider.close();
  }

  @Test
  void feedMetersMoveWithPolls() throws Exception {
    ChannelMirror mirror = new ChannelMirror();
    try (TestWebSocket socket = TestWebSocket.connect(vertx, server.port(), mirror)) {
      socket.subscribe("games");
      await().atMost(WAIT).until(() -> Scrape.of(server).value(POLLS) >= 2);
      await().atMost(WAIT).until(() -> mirror.state("games") != null
          && mirror.state("games").size() > 0);

      Scrape healthy = Scrape.of(server);
      assertThat(healthy.value(FAILURES)).isEqualTo(0.0);
      assertThat(healthy.value("courtside_feed_up{feed=\"scores\"}")).isEqualTo(1.0);
      assertThat(healthy.value("courtside_feed_lag_seconds{feed=\"scores\"}"))
          .isBetween(0.0, 5.0);
      assertThat(healthy.value(QUARANTINED)).isEqualTo(0.0);
      assertThat(healthy.value("courtside_messages_sent_total{transport=\"ws\"}"))
          .isGreaterThanOrEqualTo(1.0);
      assertThat(healthy.value("courtside_connections{transport=\"ws\"}")).isEqualTo(1.0);
    }

    provider.respond(BOARD, new FeedTestServer.Canned(200, Map.of("Content-Type", "text/html"),
        "<html><body>Access denied</body></html>".getBytes(StandardCharsets.UTF_8), false));
    await().atMost(WAIT).until(() -> Scrape.of(server).value(QUARANTINED) >= 1);

    Scrape failing = Scrape.of(server);
    assertThat(failing.value(FAILURES)).isGreaterThanOrEqualTo(1.0);
    assertThat(failing.value(POLLS)).isGreaterThan(failing.value(FAILURES));
  }
}
