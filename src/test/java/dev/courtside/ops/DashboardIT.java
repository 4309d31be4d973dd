package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.ingest.FeedSpec;
import dev.courtside.ingest.FeedTestServer;
import dev.courtside.ingest.IngestSettings;
import dev.courtside.model.Game;
import dev.courtside.model.Json;
import dev.courtside.model.Team;
import dev.courtside.push.Limits;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in {@code deploy/grafana/courtside.json} queries only metrics that a
 * running server exposes: every metric name in a panel query must appear in a scrape of a
 * server with a live feed and a WebSocket client that received messages.
 */
class DashboardIT {

  private static final Path DASHBOARD = Path.of("deploy/grafana/courtside.json");
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Label matchers, ranges, grouping clauses and strings: none of them names a metric. */
  private static final Pattern NOT_METRICS = Pattern.compile(
      "\\{[^}]*}|\\[[^]]*]|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)"
          + "|\"[^\"]*\"");

  /** An identifier not followed by "(", so not a function name. */
  private static final Pattern IDENTIFIER =
      Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");

  @TempDir Path dir;

  private FeedTestServer provider;
  private Vertx vertx;
  private CourtsideServer server;

  @BeforeEach
  void start() throws Exception {
    provider = new FeedTestServer();
    provider.respond("/board", FeedTestServer.Canned.json(Files.readAllBytes(Path.of(
        TestServers.recording("espn/nba_scoreboard_2026-05-02_in_progress.json")))));
    vertx = Vertx.vertx();
    FeedSpec spec = FeedSpec.parse("id=scores,url=" + provider.url("/board") + ",interval=1s");
    server = CourtsideServer.startWithoutReplay(TestServers.settings(dir), Limits.DEFAULTS,
        IngestSettings.none().withFeeds(List.of(spec)));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    provider.close();
  }

  /** Returns the metric names in one PromQL expression. */
  static Set<String> metricNames(String expression) {
    String withoutOthers = NOT_METRICS.matcher(expression).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher matcher = IDENTIFIER.matcher(withoutOthers);
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!name.matches("\\d.*")) {
        names.add(name);
      }
    }
    return names;
  }

  @Test
  void metricNamesParsedFromQuery() {
    assertThat(metricNames("histogram_quantile(0.99, sum by (le, transport)"
        + " (rate(courtside_publish_to_send_seconds_bucket{instance=~\"$instance\"}"
        + "[$__rate_interval])))")).containsExactly("courtside_publish_to_send_seconds_bucket");
    assertThat(metricNames("min by (feed) (courtside_feed_lag_seconds{a=\"b\"})"))
        .containsExactly("courtside_feed_lag_seconds");
  }

  @Test
  void dashboardQueriesExposedMetrics() throws Exception {
    ChannelMirror mirror = new ChannelMirror();
    try (TestWebSocket socket = TestWebSocket.connect(vertx, server.port(), mirror)) {
      socket.subscribe("games");
      await().atMost(WAIT).until(() -> mirror.seq("games") != null);
      server.engine().applyHeader(Game.scheduled("dash1", "nba", null,
          new Team("nba", "1", "Home", "HOM", ""), new Team("nba", "2", "Away", "AWY", ""), 4));
      await().atMost(WAIT).until(() -> Scrape.of(server).value(
          "courtside_feed_polls_total{feed=\"scores\"}") >= 1
          && Scrape.of(server).text().contains("courtside_publish_to_send_seconds_bucket"));
    }
    // Micrometer registers jvm_gc_pause at the first collection it observes, which a short
    // test may not have had yet.
    System.gc();
    await().atMost(WAIT).until(() -> Scrape.of(server).text().contains("jvm_gc_pause_seconds"));
    Set<String> exposed = Scrape.of(server).sampleNames();

    JsonNode dashboard = Json.parse(Files.readString(DASHBOARD));
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        expressions.add(target.path("expr").asText());
      }
    }
    Set<String> queried = new TreeSet<>();
    expressions.forEach(expression -> queried.addAll(metricNames(expression)));

    assertThat(expressions).hasSizeGreaterThan(20);
    assertThat(queried).allSatisfy(name -> assertThat(exposed).contains(name));
    assertThat(queried).contains("courtside_connections", "courtside_feed_polls_total",
        "courtside_feed_lag_seconds", "courtside_publish_to_send_seconds_bucket",
        "jvm_memory_used_bytes");
  }
}
