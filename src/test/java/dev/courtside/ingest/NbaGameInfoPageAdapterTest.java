package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NbaGameInfoPageAdapterTest {

  private static final String DIR = "html-scoreboard/nba-com-gameinfo-2016/";

  @Test
  void finishedPageIsFinalSnapshot() throws Exception {
    FeedBatch batch = Payloads.read(DIR + "Ex_BOSLAC_20160328_Finished.html");

    assertThat(batch.format()).isEqualTo("nba-gameinfo-html");
    assertThat(batch.rejections()).isEmpty();
    Game game = batch.snapshots().get(0);
    assertThat(game.id()).isEqualTo("0021501106");
    assertThat(game.status()).isEqualTo(GameStatus.FINAL);
    assertThat(game.period()).isEqualTo(4);
    assertThat(game.away().team().shortName()).isEqualTo("BOS");
    assertThat(game.away().team().name()).isEqualTo("Boston Celtics");
    assertThat(game.away().team().id()).isEqualTo("1610612738");
    assertThat(game.home().team().name()).isEqualTo("Los Angeles Clippers");
    assertThat(game.away().score()).isEqualTo(90);
    assertThat(game.home().score()).isEqualTo(114);
    assertThat(game.away().periods()).containsExactly(24, 26, 20, 20);
    assertThat(game.home().periods()).containsExactly(30, 37, 25, 22);
    // 10:30 PM Eastern daylight time on 2016-03-28 is 02:30 UTC the next day.
    assertThat(game.start()).isEqualTo(Instant.parse("2016-03-29T02:30:00Z"));
  }

  @Test
  void livePageHasPeriodAndClock() throws Exception {
    Game game = Payloads.read(DIR + "Ex_CHIMIA_20160407_InProgress.html").snapshots().get(0);

    assertThat(game.id()).isEqualTo("0021501174");
    assertThat(game.status()).isEqualTo(GameStatus.LIVE);
    assertThat(game.period()).isEqualTo(4);
    assertThat(game.clock()).isEqualTo(Duration.ofSeconds(139));
    assertThat(game.away().team().id()).isEqualTo("1610612741");
    assertThat(game.away().score()).isEqualTo(90);
    assertThat(game.home().score()).isEqualTo(95);
    assertThat(game.home().periods()).containsExactly(21, 19, 35, 20);
    assertThat(game.start()).isEqualTo(Instant.parse("2016-04-08T00:00:00Z"));
  }

  @Test
  void unplayedQuartersAreLeftOut() throws Exception {
    Game game = Payloads.read(DIR + "Ex_MINSAC_20160407_InProgress.html").snapshots().get(0);

    assertThat(game.period()).isEqualTo(1);
    assertThat(game.clock()).isEqualTo(Duration.ofSeconds(157));
    assertThat(game.away().periods()).containsExactly(28);
    assertThat(game.home().periods()).containsExactly(18);
  }

  @Test
  void pageBeforeTipIsScheduled() throws Exception {
    FeedBatch batch = Payloads.read(DIR + "Ex_SASGSW_20160407_NotStartedYet.html");

    assertThat(batch.rejections()).isEmpty();
    Game game = batch.snapshots().get(0);
    assertThat(game.status()).isEqualTo(GameStatus.SCHEDULED);
    assertThat(game.period()).isZero();
    assertThat(game.home().score()).isZero();
    assertThat(game.home().periods()).isEmpty();
    assertThat(game.home().team().name()).isEqualTo("Golden State Warriors");
    assertThat(game.start()).isEqualTo(Instant.parse("2016-04-08T02:30:00Z"));
  }

  @Test
  void overtimeStatusIsPeriodFive() throws Exception {
    String page = page("Ex_CHIMIA_20160407_InProgress.html").replace("4Q-2:19", "1OT-0:45");

    Game game = Adapters.read("ot.html", page.getBytes(StandardCharsets.UTF_8)).snapshots()
        .get(0);

    assertThat(game.period()).isEqualTo(5);
    assertThat(game.inOvertime()).isTrue();
    assertThat(game.clock()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void pageWithoutGameIdIsRejected() throws Exception {
    String page = page("Ex_CHIMIA_20160407_InProgress.html").replace("data-game-id=",
        "data-other=");

    FeedBatch batch = Adapters.read("noid.html", page.getBytes(StandardCharsets.UTF_8));

    assertThat(batch.snapshots()).isEmpty();
    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Missing data-game-id in noid.html: expected the game id on the page's watch or listen"
            + " links");
  }

  @Test
  void unreadableScoreIsRejected() throws Exception {
    String page = page("Ex_CHIMIA_20160407_InProgress.html")
        .replace("<h2 class=\"teamHome \">95</h2>", "<h2 class=\"teamHome \">9S</h2>");

    FeedBatch batch = Adapters.read("bad.html", page.getBytes(StandardCharsets.UTF_8));

    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid home score '9S' in game 0021501174: expected a whole number");
  }

  @Test
  void replayReadsHtmlRecordings() throws Exception {
    List<Recording> recordings = Recording.fromPath(java.nio.file.Path.of(
        "src/main/resources/recordings/" + DIR));
    MemoryGameWriter writer = new MemoryGameWriter();
    ReplayFeed feed = new ReplayFeed(recordings, writer, 0, false, Duration.ZERO);

    feed.start();

    assertThat(feed.finished()).succeedsWithin(Duration.ofSeconds(10));
    assertThat(recordings).hasSize(4);
    assertThat(writer.games()).extracting(Game::id).containsExactlyInAnyOrder(
        "0021501106", "0021501174", "0021501176", "0021501177");
  }

  private static String page(String name) {
    return new String(Payloads.bytes(DIR + name), StandardCharsets.UTF_8);
  }
}
