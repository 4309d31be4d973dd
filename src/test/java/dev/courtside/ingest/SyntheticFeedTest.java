package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticFeedTest {

  private static final Instant NOW = Instant.parse("2026-03-01T19:30:00.123456789Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void playsGoToGamesInTurn() {
    MemoryGameWriter writer = new MemoryGameWriter();
    SyntheticFeed feed = new SyntheticFeed(writer, 2, 0, CLOCK);

    feed.publishNext();
    feed.publishNext();
    feed.publishNext();

    List<MemoryGameWriter.Call> first = writer.calls("applyPlay", "syn-0001");
    List<MemoryGameWriter.Call> second = writer.calls("applyPlay", "syn-0002");
    assertThat(first).hasSize(2);
    assertThat(second).hasSize(1);
    Play play = (Play) first.get(1).argument();
    assertThat(play.action()).isEqualTo(2);
    assertThat(play.scoreHome()).isEqualTo(2);
    assertThat(play.scoreAway()).isEqualTo(2);
    assertThat(feed.published()).isEqualTo(3);
  }

  @Test
  void playTimeIsPublishTimeInMicroseconds() {
    MemoryGameWriter writer = new MemoryGameWriter();
    SyntheticFeed feed = new SyntheticFeed(writer, 1, 0, CLOCK);

    feed.publishNext();

    Play play = (Play) writer.calls("applyPlay", "syn-0001").get(0).argument();
    assertThat(play.time()).isEqualTo(Instant.parse("2026-03-01T19:30:00.123456Z"));
  }

  @Test
  void clockAndPeriodAdvanceWithPlays() {
    MemoryGameWriter writer = new MemoryGameWriter();
    SyntheticFeed feed = new SyntheticFeed(writer, 1, 0, CLOCK);

    for (int i = 0; i < SyntheticFeed.PLAYS_PER_PERIOD + 1; i++) {
      feed.publishNext();
    }

    List<MemoryGameWriter.Call> plays = writer.calls("applyPlay", "syn-0001");
    Play firstOfPeriodOne = (Play) plays.get(0).argument();
    Play lastOfPeriodOne = (Play) plays.get(SyntheticFeed.PLAYS_PER_PERIOD - 1).argument();
    Play firstOfPeriodTwo = (Play) plays.get(SyntheticFeed.PLAYS_PER_PERIOD).argument();
    assertThat(firstOfPeriodOne.clock()).isEqualTo(Duration.ofMinutes(12));
    assertThat(lastOfPeriodOne.clock()).isEqualTo(Duration.ofMillis(7_200));
    assertThat(lastOfPeriodOne.period()).isEqualTo(1);
    assertThat(firstOfPeriodTwo.period()).isEqualTo(2);
  }

  @Test
  void gameRestartsAfterLastPlay() {
    MemoryGameWriter writer = new MemoryGameWriter();
    SyntheticFeed feed = new SyntheticFeed(writer, 1, 0, CLOCK);
    int playsPerGame = SyntheticFeed.PERIODS * SyntheticFeed.PLAYS_PER_PERIOD;

    for (int i = 0; i < playsPerGame + 2; i++) {
      feed.publishNext();
    }

    assertThat(writer.calls("applyPlay", "syn-0001")).hasSize(playsPerGame + 1);
    assertThat(writer.calls("restart", "syn-0001")).hasSize(1);
    Play afterRestart = (Play) writer.calls("applyPlay", "syn-0001").get(playsPerGame)
        .argument();
    assertThat(afterRestart.action()).isEqualTo(1);
    assertThat(afterRestart.scoreHome()).isEqualTo(2);
    assertThat(feed.published()).isEqualTo(playsPerGame + 2);
  }

  @Test
  void startCreatesEveryGame() {
    MemoryGameWriter writer = new MemoryGameWriter();
    SyntheticFeed feed = new SyntheticFeed(writer, 3, 0, CLOCK);

    feed.start();
    try {
      assertThat(writer.games()).extracting(Game::id)
          .containsExactlyInAnyOrder("syn-0001", "syn-0002", "syn-0003");
      assertThat(writer.games()).extracting(Game::league).containsOnly(SyntheticFeed.LEAGUE);
    } finally {
      feed.stop();
    }
  }

  @Test
  void runningFeedFollowsRateChanges() {
    MemoryGameWriter writer = new MemoryGameWriter();
    SyntheticFeed feed = new SyntheticFeed(writer, 2, 0, Clock.systemUTC());
    feed.start();
    try {
      assertThat(feed.published()).isZero();

      feed.setRate(500);
      await().atMost(Duration.ofSeconds(10)).until(() -> feed.published() >= 50);

      feed.setRate(0);
      long afterPause = feed.published();
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
          .until(() -> feed.published() <= afterPause + 1);
      assertThat(feed.skipped()).isZero();
      assertThat(feed.failed()).isZero();
    } finally {
      feed.stop();
    }
  }

  @Test
  void failedWriteIsCountedAndFeedGoesOn() {
    MemoryGameWriter writer = new MemoryGameWriter();
    SyntheticFeed feed = new SyntheticFeed(writer, 1, 0, CLOCK);

    // Before start() no game exists, so the writer rejects the play of an unknown game.
    feed.publishNext();
    feed.start();
    try {
      feed.publishNext();
    } finally {
      feed.stop();
    }

    assertThat(feed.failed()).isEqualTo(1);
    assertThat(feed.published()).isEqualTo(2);
    assertThat(writer.calls("applyPlay", "syn-0001")).hasSize(2);
    assertThat(writer.current("syn-0001").orElseThrow().lastPlay().action()).isEqualTo(2);
  }

  @Test
  void invalidRateIsRejected() {
    MemoryGameWriter writer = new MemoryGameWriter();
    SyntheticFeed feed = new SyntheticFeed(writer, 1, 0, CLOCK);

    assertThatThrownBy(() -> feed.setRate(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid synthetic rate -1.0: expected 0 to 1000000 updates per second");
    assertThatThrownBy(() -> feed.setRate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidGameCountIsRejected() {
    MemoryGameWriter writer = new MemoryGameWriter();

    assertThatThrownBy(() -> new SyntheticFeed(writer, 0, 1, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid synthetic game count 0: expected 1 to 10000");
  }
}
