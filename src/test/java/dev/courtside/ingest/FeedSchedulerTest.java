package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Json;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedSchedulerTest {

  private static final String BOARD = "/board.json";
  private static final String IN_PROGRESS = "espn/nba_scoreboard_2026-05-02_in_progress.json";
  private static final String EMPTY = "espn/nba_scoreboard_2026-offseason_empty_events.json";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-02T23:40:00Z"));
  private final MemoryGameWriter writer = new MemoryGameWriter();
  private final MemoryQuarantine quarantine = new MemoryQuarantine();
  private FeedTestServer server;
  private Vertx vertx;
  private HttpFetcher fetcher;
  private FeedScheduler scheduler;
  private PollingFeed feed;

  @BeforeEach
  void start() throws Exception {
    server = new FeedTestServer();
    vertx = Vertx.vertx();
    start(HttpFetcher.Options.defaults().maxBodyBytes());
  }

  private void start(long maxBodyBytes) {
    fetcher = new HttpFetcher(vertx, new HttpFetcher.Options(Duration.ofSeconds(2),
        Duration.ofMillis(500), maxBodyBytes), clock);
    // A jitter of 1.0 keeps the whole delay, so backoff steps are exact: 1 s, 2 s, 4 s.
    FeedScheduler.Policy policy = new FeedScheduler.Policy(
        new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), () -> 1.0), 3,
        Duration.ofSeconds(30), Duration.ofSeconds(60));
    scheduler = new FeedScheduler(vertx, fetcher, clock, policy, new StaleTracker(writer),
        () -> true);
    IngestGate gate = new IngestGate(writer, quarantine, clock);
    feed = new PollingFeed(FeedSpec.parse("id=board,url=" + server.url(BOARD) + ",interval=5s"),
        scheduler, gate, writer);
    feed.start();
  }

  @AfterEach
  void stop() throws Exception {
    scheduler.close();
    fetcher.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void bodyIsAppliedAndEtagSentBack() {
    server.respond(BOARD, new FeedTestServer.Canned(200, Map.of("ETag", "\"v1\""),
        Payloads.bytes(IN_PROGRESS), false));

    poll();

    assertThat(writer.current("401869412")).isPresent();
    assertThat(target().nextDue).isEqualTo(clock.instant().plusSeconds(5));
    server.respond(BOARD, FeedTestServer.Canned.status(304, Map.of()));
    clock.advance(Duration.ofSeconds(5));
    int callsBefore = writer.calls().size();

    poll();

    assertThat(server.received(BOARD).get(1).headers().get("If-None-Match")).isEqualTo("\"v1\"");
    assertThat(writer.calls()).hasSize(callsBefore);
    assertThat(target().notModified).isEqualTo(1);
    assertThat(target().failures).isZero();
  }

  @Test
  void lastModifiedIsSentBack() {
    String date = "Sat, 02 May 2026 23:39:00 GMT";
    server.respond(BOARD, new FeedTestServer.Canned(200, Map.of("Last-Modified", date),
        Payloads.bytes(IN_PROGRESS), false));

    poll();
    clock.advance(Duration.ofSeconds(5));
    poll();

    assertThat(server.received(BOARD).get(1).headers().get("If-Modified-Since"))
        .isEqualTo(date);
  }

  @Test
  void retryAfterSecondsIsHonoured() {
    server.respond(BOARD, FeedTestServer.Canned.status(429, Map.of("Retry-After", "120")));

    poll();

    assertThat(target().nextDue).isEqualTo(clock.instant().plusSeconds(120));
    clock.advance(Duration.ofSeconds(119));
    scheduler.tick();
    assertThat(server.count(BOARD)).isEqualTo(1);
  }

  @Test
  void retryAfterDateIsHonoured() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        clock.instant().plusSeconds(90).atOffset(ZoneOffset.UTC));
    server.respond(BOARD, FeedTestServer.Canned.status(503, Map.of("Retry-After", date)));

    poll();

    assertThat(target().nextDue).isEqualTo(clock.instant().plusSeconds(90));
  }

  @Test
  void serverErrorsBackOffThenOpenBreaker() {
    server.respond(BOARD, FeedTestServer.Canned.status(500, Map.of()));

    poll();
    assertThat(target().nextDue).isEqualTo(clock.instant().plusSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    poll();
    assertThat(target().nextDue).isEqualTo(clock.instant().plusSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    poll();

    assertThat(target().breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(target().nextDue).isEqualTo(clock.instant().plusSeconds(30));
    clock.advance(Duration.ofSeconds(29));
    scheduler.tick();
    assertThat(server.count(BOARD)).isEqualTo(3);
  }

  @Test
  void halfOpenProbeClosesBreaker() {
    server.respond(BOARD, FeedTestServer.Canned.status(500, Map.of()));
    for (int i = 0; i < 3; i++) {
      poll();
      clock.advance(Duration.ofSeconds(4));
    }
    clock.advance(Duration.ofSeconds(30));
    server.respond(BOARD, FeedTestServer.Canned.json(Payloads.bytes(IN_PROGRESS)));

    assertThat(target().breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    poll();

    assertThat(target().breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(writer.current("401869412")).isPresent();
  }

  @Test
  void failedProbeOpensBreakerAgain() {
    server.respond(BOARD, FeedTestServer.Canned.status(500, Map.of()));
    for (int i = 0; i < 3; i++) {
      poll();
      clock.advance(Duration.ofSeconds(4));
    }
    clock.advance(Duration.ofSeconds(30));

    poll();

    assertThat(target().breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(target().nextDue).isEqualTo(clock.instant().plusSeconds(30));
  }

  @Test
  void silentServerTimesOut() {
    server.respond(BOARD, FeedTestServer.Canned.silence());

    poll();

    assertThat(target().failures).isEqualTo(1);
    assertThat(target().failingSince).isEqualTo(clock.instant());
  }

  @Test
  void accessDeniedPageIsFailure() {
    server.respond(BOARD, FeedTestServer.Canned.json(
        Payloads.bytes("error-responses/espn_scoreboard_akamai_access_denied.html.json")));

    poll();

    assertThat(target().failures).isEqualTo(1);
    assertThat(writer.games()).isEmpty();
    assertThat(quarantine.entries()).hasSize(1);
    assertThat(quarantine.reasons().get(0)).contains("\"Access Denied\" HTML page");
  }

  @Test
  void truncatedJsonIsFailure() {
    byte[] whole = Payloads.bytes(IN_PROGRESS);
    server.respond(BOARD, FeedTestServer.Canned.json(Arrays.copyOf(whole, whole.length / 2)));

    poll();

    assertThat(target().failures).isEqualTo(1);
    assertThat(quarantine.reasons().get(0)).contains("not valid JSON");
  }

  @Test
  void bodyOverLimitIsFailure() throws Exception {
    scheduler.close();
    fetcher.close();
    start(1000);
    server.respond(BOARD, FeedTestServer.Canned.json(Payloads.bytes(IN_PROGRESS)));

    poll();

    assertThat(target().failures).isEqualTo(1);
    assertThat(writer.games()).isEmpty();
  }

  @Test
  void gzipBodyIsDecoded() {
    server.respond(BOARD, FeedTestServer.Canned.json(Payloads.bytes(IN_PROGRESS)));

    poll();

    assertThat(server.received(BOARD).get(0).headers().get("Accept-Encoding")).contains("gzip");
    assertThat(writer.current("401869412")).isPresent();
  }

  @Test
  void emptyEventsKeepGames() {
    server.respond(BOARD, FeedTestServer.Canned.json(Payloads.bytes(IN_PROGRESS)));
    poll();
    server.respond(BOARD, FeedTestServer.Canned.json(Payloads.bytes(EMPTY)));
    clock.advance(Duration.ofSeconds(5));

    poll();

    assertThat(target().failures).isZero();
    assertThat(writer.current("401869412")).isPresent();
    assertThat(writer.current("401869412").orElseThrow().stale()).isFalse();
  }

  @Test
  void failingFeedMarksGamesStaleThenFresh() {
    server.respond(BOARD, FeedTestServer.Canned.json(Payloads.bytes(IN_PROGRESS)));
    poll();
    server.respond(BOARD, FeedTestServer.Canned.status(502, Map.of()));
    clock.advance(Duration.ofSeconds(5));
    poll();
    clock.advance(Duration.ofSeconds(59));
    scheduler.tick();
    assertThat(writer.calls("markStale", "401869412")).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    scheduler.tick();

    assertThat(writer.calls("markStale", "401869412")).extracting(MemoryGameWriter.Call::argument)
        .containsExactly(true);
    assertThat(writer.current("401869412").orElseThrow().stale()).isTrue();
    await().atMost(WAIT).until(() -> !target().inFlight);
    server.respond(BOARD, FeedTestServer.Canned.json(Payloads.bytes(IN_PROGRESS)));
    clock.advance(Duration.ofMinutes(5));
    poll();
    assertThat(writer.calls("markStale", "401869412")).extracting(MemoryGameWriter.Call::argument)
        .containsExactly(true, false);
  }

  @Test
  void lowerScoreIsQuarantined() {
    server.respond(BOARD, FeedTestServer.Canned.json(Payloads.bytes(IN_PROGRESS)));
    poll();
    ObjectNode tree = Payloads.tree(IN_PROGRESS);
    ArrayNode competitors = (ArrayNode) tree.at("/events/0/competitions/0/competitors");
    for (var competitor : competitors) {
      if (competitor.path("homeAway").asText().equals("home")) {
        ((ObjectNode) competitor).put("score", "0");
        ((ObjectNode) competitor).remove("linescores");
      }
    }
    server.respond(BOARD, FeedTestServer.Canned.json(
        Json.write(tree).getBytes(StandardCharsets.UTF_8)));
    clock.advance(Duration.ofSeconds(5));

    poll();

    assertThat(target().failures).isZero();
    assertThat(writer.current("401869412").orElseThrow().home().score()).isEqualTo(87);
    assertThat(quarantine.reasons()).singleElement().asString()
        .startsWith("Invalid score 0-92 (home-away) in game 401869412");
  }

  private PollTarget target() {
    return scheduler.target(server.url(BOARD));
  }

  /** Sends the requests due now and waits until the board's response is handled. */
  private void poll() {
    long before = target().polls;
    scheduler.tick();
    assertThat(target().polls).as("a request was due").isEqualTo(before + 1);
    await().atMost(WAIT).until(() -> !target().inFlight);
  }
}
