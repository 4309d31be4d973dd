package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The state of a polled feed as readiness and the status page see it, driven by a clock the
 * test moves: a poll is due only when the test advances the clock past the interval.
 */
class FeedStatusTest {

  private static final String BOARD = "/board";
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-02T23:00:00Z"));
  private final AtomicBoolean leaseHeld = new AtomicBoolean(true);
  private FeedTestServer provider;
  private Vertx vertx;
  private LiveFeeds feeds;

  @BeforeEach
  void start() throws Exception {
    provider = new FeedTestServer();
    vertx = Vertx.vertx();
    FeedSpec spec = FeedSpec.parse("id=scores,url=" + provider.url(BOARD + "?apiKey=s3cret")
        + ",interval=10s");
    feeds = new LiveFeeds(vertx, IngestSettings.none().withFeeds(List.of(spec)),
        new MemoryGameWriter(), new MemoryQuarantine(), null, clock, leaseHeld::get);
  }

  @AfterEach
  void stop() throws Exception {
    feeds.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    provider.close();
  }

  private FeedStatus status() {
    return feeds.statuses().get(0);
  }

  private void serveBoard() {
    provider.respond(BOARD, FeedTestServer.Canned.json(
        Payloads.bytes("espn/nba_scoreboard_2026-05-02_in_progress.json")));
  }

  private void serveError() {
    provider.respond(BOARD, FeedTestServer.Canned.status(500, Map.of()));
  }

  @Test
  void neverPolledFeedIsFailing() {
    FeedStatus status = status();

    assertThat(status.state()).isEqualTo(FeedStatus.State.FAILING);
    assertThat(status.usable()).isFalse();
    assertThat(status.counts().polls()).isZero();
    assertThat(status.host()).isEqualTo(provider.base().substring("http://".length()));
  }

  @Test
  void successfulPollIsOk() {
    serveBoard();
    feeds.start();

    await().atMost(WAIT).until(() -> status().counts().lastSuccess() != null);

    assertThat(status().state()).isEqualTo(FeedStatus.State.OK);
    assertThat(status().counts().polls()).isEqualTo(1);
    assertThat(status().counts().failures()).isZero();
    assertThat(status().lag()).isEqualTo(Duration.ZERO);
    assertThat(feeds.usable()).isTrue();
  }

  @Test
  void failureInsideWindowIsDegraded() {
    serveBoard();
    feeds.start();
    await().atMost(WAIT).until(() -> status().counts().lastSuccess() != null);
    serveError();

    clock.advance(INTERVAL);
    await().atMost(WAIT).until(() -> status().counts().failures() == 1);

    assertThat(status().state()).isEqualTo(FeedStatus.State.DEGRADED);
    assertThat(status().usable()).isTrue();
    assertThat(status().counts().lastError()).isEqualTo("HTTP status 500");
    assertThat(status().counts().failingUrls()).isEqualTo(1);
    assertThat(status().lag()).isEqualTo(INTERVAL);
  }

  @Test
  void noSuccessForThreeIntervalsIsFailing() {
    serveBoard();
    feeds.start();
    await().atMost(WAIT).until(() -> status().counts().lastSuccess() != null);
    serveError();

    clock.advance(INTERVAL.multipliedBy(LiveFeeds.USABLE_INTERVALS).plusSeconds(1));
    await().atMost(WAIT).until(() -> status().counts().failures() >= 1);

    assertThat(status().state()).isEqualTo(FeedStatus.State.FAILING);
    assertThat(feeds.usable()).isFalse();
  }

  @Test
  void recoveryMakesFeedOkAgain() {
    serveError();
    feeds.start();
    await().atMost(WAIT).until(() -> status().counts().failures() == 1);
    assertThat(status().state()).isEqualTo(FeedStatus.State.FAILING);
    serveBoard();

    // The first retry comes after the backoff of at most 1 s.
    clock.advance(Duration.ofSeconds(1));
    await().atMost(WAIT).until(() -> status().counts().lastSuccess() != null);

    assertThat(status().state()).isEqualTo(FeedStatus.State.OK);
    assertThat(status().counts().polls()).isEqualTo(2);
    assertThat(status().counts().failures()).isEqualTo(1);
    assertThat(status().counts().lastError()).isEqualTo("HTTP status 500");
  }

  @Test
  void otherNodeHoldingLeaseIsStandby() {
    leaseHeld.set(false);
    serveBoard();
    feeds.start();

    assertThat(status().state()).isEqualTo(FeedStatus.State.STANDBY);
    assertThat(feeds.usable()).isTrue();
  }
}
