package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.bench.Dialect;
import dev.courtside.bench.LoadGenerator;
import dev.courtside.bench.LoadReport;
import dev.courtside.ingest.SyntheticFeed;
import dev.courtside.model.Json;
import dev.courtside.push.Limits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke version of the benchmark (bench/run.sh), so its load generator cannot rot: the
 * same generator classes against a Courtside with its synthetic feed, at a few dozen
 * connections and a few seconds per check. The Socket.IO peer and the bare server need Node
 * and the bench module, so only bench/run.sh runs them.
 */
class BenchmarkSmokeIT {

  private static final int CLIENTS = 40;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private CourtsideServer server;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() {
    Settings settings = TestServers.settings(dir).withSynthetic(0.0, 2);
    server = CourtsideServer.startWithoutFeeds(settings, Limits.DEFAULTS);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void webSocketClientsReceiveEveryUpdate() throws Exception {
    try (LoadGenerator generator = new LoadGenerator(Dialect.COURTSIDE_WS, server.port(), 1,
        20)) {
      long open = generator.open(0, CLIENTS, i -> "games", TIMEOUT);
      assertThat(open).isEqualTo(CLIENTS);
      await().atMost(TIMEOUT).until(() -> generator.delivered() == CLIENTS);

      generator.startWindow();
      long published = publish(30);
      long expected = CLIENTS + published * CLIENTS;
      await().atMost(TIMEOUT).until(() -> generator.delivered() >= expected);
      LoadReport window = generator.endWindow();

      assertThat(window.delivered()).isEqualTo(published * CLIENTS);
      assertThat(window.gaps()).isZero();
      assertThat(window.duplicates()).isZero();
      assertThat(window.errors()).isZero();
      assertThat(window.latency().getTotalCount()).isGreaterThan(0);
      assertThat(window.latencyMs(99)).isLessThan(TIMEOUT.toMillis());
      assertThat(window.cpuNanos()).isGreaterThan(0);
    }
  }

  @Test
  void resumedClientsLoseNothing() throws Exception {
    try (LoadGenerator generator = new LoadGenerator(Dialect.COURTSIDE_WS, server.port(), 1,
        20)) {
      generator.open(0, CLIENTS, i -> "game:" + SyntheticFeed.gameId(i % 2 + 1), TIMEOUT);
      await().atMost(TIMEOUT).until(() -> generator.delivered() == CLIENTS);
      publish(10);

      generator.drop(TIMEOUT);
      publish(10);
      generator.resume(TIMEOUT);
      setRate(50);
      await().atMost(TIMEOUT).until(() -> generator.caughtUp() == CLIENTS);
      setRate(0);
      LoadReport window = generator.endWindow();

      assertThat(window.gaps()).isZero();
      assertThat(window.resyncs()).isZero();
      assertThat(window.errors()).isZero();
      assertThat(window.catchUp().getTotalCount()).isEqualTo(CLIENTS);
    }
  }

  @Test
  void sseAndPollClientsReceiveEveryUpdate() throws Exception {
    for (Dialect dialect : new Dialect[] {Dialect.COURTSIDE_SSE, Dialect.COURTSIDE_POLL}) {
      try (LoadGenerator generator = new LoadGenerator(dialect, server.port(), 1, 20)) {
        int clients = 10;
        assertThat(generator.open(0, clients, i -> "games", TIMEOUT)).isEqualTo(clients);
        await().atMost(TIMEOUT).until(() -> generator.delivered() == clients);

        generator.startWindow();
        long published = publish(20);
        await().atMost(TIMEOUT)
            .until(() -> generator.delivered() >= clients + published * clients);
        LoadReport window = generator.endWindow();

        assertThat(window.delivered()).as(dialect.name()).isEqualTo(published * clients);
        assertThat(window.gaps()).as(dialect.name()).isZero();
        assertThat(window.errors()).as(dialect.name()).isZero();
        assertThat(window.latency().getTotalCount()).as(dialect.name()).isGreaterThan(0);
      }
    }
  }

  @Test
  void adminEndpointRejectsInvalidRate() throws Exception {
    HttpResponse<String> response = admin("POST", "/admin/synthetic?rate=-5");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.parse(response.body()).path("error").path("code").asText())
        .isEqualTo("invalid-rate");
  }

  /**
   * Runs the synthetic feed at 50 updates per second through the admin endpoint until at
   * least {@code count} more updates were published, pauses it, and returns how many were.
   */
  private long publish(int count) throws Exception {
    SyntheticFeed feed = server.synthetic();
    long before = feed.published();
    setRate(50);
    await().atMost(TIMEOUT).until(() -> feed.published() >= before + count);
    setRate(0);
    // An update in progress still completes after the pause, so wait until the count stays.
    AtomicLong last = new AtomicLong(-1);
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> last.getAndSet(feed.published()) == feed.published());
    return feed.published() - before;
  }

  private void setRate(int rate) throws Exception {
    HttpResponse<String> response = admin("POST", "/admin/synthetic?rate=" + rate);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode status = Json.parse(response.body());
    assertThat(status.path("rate").asDouble()).isEqualTo(rate);
  }

  private HttpResponse<String> admin(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://" + LoadGenerator.HOST + ":" + server.port() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
