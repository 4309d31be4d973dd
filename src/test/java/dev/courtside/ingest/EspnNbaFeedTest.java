package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code espn-nba} preset against the recorded ESPN scoreboard served locally. */
class EspnNbaFeedTest {

  private static final String ROOT = "/apis/site/v2/sports/basketball/nba";
  private static final String EVENT = "401869412";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-02T23:40:00Z"));
  private final MemoryGameWriter writer = new MemoryGameWriter();
  private FeedTestServer server;
  private Vertx vertx;
  private HttpFetcher fetcher;
  private FeedScheduler scheduler;
  private PollingFeed feed;

  @BeforeEach
  void start() throws Exception {
    server = new FeedTestServer();
    vertx = Vertx.vertx();
    fetcher = new HttpFetcher(vertx, HttpFetcher.Options.defaults(), clock);
    scheduler = new FeedScheduler(vertx, fetcher, clock,
        FeedScheduler.Policy.defaults(Duration.ofSeconds(60)), new StaleTracker(writer),
        () -> true);
    feed = new PollingFeed(FeedSpec.parse("espn-nba,base=" + server.base()), scheduler,
        new IngestGate(writer, new MemoryQuarantine(), clock), writer);
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
  void liveEventSummaryIsPolled() {
    server.respond(ROOT + "/scoreboard", FeedTestServer.Canned.json(
        Payloads.bytes("espn/nba_scoreboard_2026-05-02_in_progress.json")));

    pollAll();
    pollAll();

    assertThat(feed.detailedGames()).containsExactly(EVENT);
    assertThat(server.received(ROOT + "/summary")).hasSize(1);
    PollTarget summary = scheduler.target(server.url(ROOT + "/summary?event=" + EVENT));
    assertThat(summary.failures).isEqualTo(1);
    assertThat(writer.current(EVENT).orElseThrow().home().score()).isEqualTo(87);
  }

  @Test
  void emptyScoreboardPollsNoDetail() {
    server.respond(ROOT + "/scoreboard", FeedTestServer.Canned.json(
        Payloads.bytes("espn/nba_scoreboard_2026-offseason_empty_events.json")));

    pollAll();

    assertThat(feed.detailedGames()).isEmpty();
    assertThat(scheduler.urls()).containsExactly(server.url(ROOT + "/scoreboard"));
  }

  private void pollAll() {
    scheduler.tick();
    await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.urls().stream()
        .map(scheduler::target).allMatch(target -> target == null || !target.inFlight));
  }
}
