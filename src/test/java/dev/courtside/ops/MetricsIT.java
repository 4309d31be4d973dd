package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.model.Game;
import dev.courtside.model.Team;
import dev.courtside.push.Limits;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsIT {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();
  private Vertx vertx;
  private CourtsideServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir), Limits.DEFAULTS);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String scrape() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static double value(String scrape, String series) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
        .matcher(scrape);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
  }

  private void addGame(String id) {
    server.engine().applyHeader(Game.scheduled(id, "nba", null,
        new Team("nba", "1", "Home", "HOM", ""), new Team("nba", "2", "Away", "AWY", ""), 4));
  }

  @Test
  void countersMoveWithTraffic() throws Exception {
    String idle = scrape();
    assertThat(value(idle, "courtside_connections{transport=\"ws\"}")).isEqualTo(0.0);
    assertThat(value(idle, "courtside_store_up")).isEqualTo(1.0);
    assertThat(idle).contains("jvm_memory_used_bytes");
    assertThat(value(idle, "courtside_messages_sent_total{transport=\"sse\"}")).isEqualTo(0.0);
    assertThat(value(idle, "courtside_publish_to_send_seconds_count{transport=\"poll\"}"))
        .isEqualTo(0.0);

    ChannelMirror mirror = new ChannelMirror();
    try (TestWebSocket socket = TestWebSocket.connect(vertx, server.port(), mirror)) {
      socket.subscribe("games");
      await().atMost(Duration.ofSeconds(10)).until(() -> mirror.seq("games") != null);
      addGame("m1");
      addGame("m2");
      await().atMost(Duration.ofSeconds(10)).until(() -> mirror.seq("games") == 2L);

      String busy = scrape();
      assertThat(value(busy, "courtside_connections{transport=\"ws\"}")).isEqualTo(1.0);
      assertThat(value(busy, "courtside_subscriptions")).isEqualTo(1.0);
      assertThat(value(busy, "courtside_games")).isEqualTo(2.0);
      assertThat(value(busy, "courtside_messages_sent_total{transport=\"ws\"}"))
          .isEqualTo(3.0);
      assertThat(value(busy, "courtside_bytes_sent_total{transport=\"ws\"}"))
          .isGreaterThan(100.0);
      // One latency sample per batch: the snapshot, then m1 and m2 together or one by one.
      assertThat(value(busy, "courtside_publish_to_send_seconds_count{transport=\"ws\"}"))
          .isBetween(2.0, 3.0);

      addGame("m3");
      await().atMost(Duration.ofSeconds(10)).until(() -> mirror.seq("games") == 3L);
      assertThat(value(scrape(), "courtside_messages_sent_total{transport=\"ws\"}"))
          .isEqualTo(4.0);
    }
  }
}
