package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.ingest.ReplayPlan.TimedPlay;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Json;
import dev.courtside.model.LeagueRules;
import dev.courtside.model.Play;
import dev.courtside.model.Side;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ReplayFeedTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String PLAYS_0022000001 = "nba-livedata/playbyplay_0022000001.json";
  private static final String BOX_0022000001 = "nba-livedata/boxscore_0022000001.json";

  @TempDir
  Path folder;

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final List<ReplayFeed> feeds = new ArrayList<>();

  @BeforeEach
  void captureLog() {
    log.start();
    ((Logger) LoggerFactory.getLogger(ReplayPlan.class)).addAppender(log);
  }

  @AfterEach
  void stopFeeds() {
    feeds.forEach(ReplayFeed::stop);
    ((Logger) LoggerFactory.getLogger(ReplayPlan.class)).detachAppender(log);
  }

  @Test
  void bundledReplayEndsAtProviderFinals() throws Exception {
    MemoryGameWriter writer = new MemoryGameWriter();
    ReplayFeed feed = feed(Recording.bundled(), writer, 0, false);

    feed.start();

    assertThat(feed.finished()).succeedsWithin(TIMEOUT);
    Map<String, Game> finals = Map.of(
        "0022000001", snapshot(BOX_0022000001),
        "0022400306",
        snapshot("html-scoreboard/nba-com-game-page-next-data_ind-vs-mem-0022400306.json"),
        "401468642", snapshot("espn/nba_summary_401468642_DAL-at-HOU_2022-12-23.json"));
    finals.forEach((gameId, expected) -> {
      Game replayed = writer.current(gameId).orElseThrow();
      assertThat(replayed.status()).as(gameId).isEqualTo(GameStatus.FINAL);
      assertThat(replayed.home().score()).as(gameId).isEqualTo(expected.home().score());
      assertThat(replayed.away().score()).as(gameId).isEqualTo(expected.away().score());
      assertThat(replayed.home().periods()).as(gameId).isEqualTo(expected.home().periods());
      assertThat(replayed.away().periods()).as(gameId).isEqualTo(expected.away().periods());
    });
  }

  @Test
  void replayWithoutBoxScoreEndsAtLastPlay() throws Exception {
    MemoryGameWriter writer = new MemoryGameWriter();
    ReplayFeed feed = feed(Recording.bundled(), writer, 0, false);

    feed.start();

    assertThat(feed.finished()).succeedsWithin(TIMEOUT);
    Object[][] cases = {
        {"0022000180", 124, 97, 4},
        {"0021600270", 126, 115, 5},
        {"0021900001", 130, 122, 5},
        {"0021401082", 84, 107, 4},
    };
    for (Object[] row : cases) {
      String gameId = (String) row[0];
      Game replayed = writer.current(gameId).orElseThrow();
      assertThat(replayed.status()).as(gameId).isEqualTo(GameStatus.FINAL);
      assertThat(replayed.home().score()).as(gameId).isEqualTo(row[1]);
      assertThat(replayed.away().score()).as(gameId).isEqualTo(row[2]);
      assertThat(replayed.home().periods()).as(gameId).hasSize((int) row[3]);
      assertThat(sum(replayed.home())).as(gameId).isEqualTo(row[1]);
      assertThat(sum(replayed.away())).as(gameId).isEqualTo(row[2]);
      assertThat(replayed.lastPlay().scoreHome()).as(gameId).isEqualTo(row[1]);
    }
  }

  @Test
  void snapshotServesOnlyAsHeader() throws Exception {
    MemoryGameWriter writer = new MemoryGameWriter();
    List<Recording> recordings = List.of(Recording.fromClasspath("recordings/" + BOX_0022000001),
        Recording.fromClasspath("recordings/" + PLAYS_0022000001));
    ReplayFeed feed = feed(recordings, writer, 0, false);

    feed.start();

    assertThat(feed.finished()).succeedsWithin(TIMEOUT);
    assertThat(writer.calls("applySnapshot", "0022000001")).isEmpty();
    List<MemoryGameWriter.Call> headers = writer.calls("applyHeader", "0022000001");
    assertThat(headers).hasSize(1);
    Game header = (Game) headers.get(0).argument();
    assertThat(header.status()).isEqualTo(GameStatus.SCHEDULED);
    assertThat(header.home().team().name()).isEqualTo("Brooklyn Nets");
    assertThat(header.home().score()).isZero();
    assertThat(header.start()).isEqualTo(Instant.parse("2020-12-23T00:00:00Z"));
    assertThat(writer.calls("applyPlay", "0022000001")).hasSize(610);
    assertThat(feed.gameCount()).isEqualTo(1);
    assertThat(feed.playCount()).isEqualTo(610);
  }

  @Test
  void badRecordInMiddleIsSkipped() throws Exception {
    ObjectNode tree = Payloads.tree(PLAYS_0022000001);
    ObjectNode middle = (ObjectNode) tree.at("/game/actions/300");
    long action = middle.path("actionNumber").asLong();
    middle.put("period", 0);
    Path plays = folder.resolve("playbyplay.json");
    Files.write(plays, Json.write(tree).getBytes(StandardCharsets.UTF_8));
    Files.write(folder.resolve("boxscore.json"), Payloads.bytes(BOX_0022000001));
    MemoryGameWriter writer = new MemoryGameWriter();
    ReplayFeed feed = feed(Recording.fromPath(folder), writer, 0, false);

    feed.start();

    assertThat(feed.finished()).succeedsWithin(TIMEOUT);
    assertThat(writer.calls("applyPlay", "0022000001")).hasSize(609)
        .noneMatch(call -> ((Play) call.argument()).action() == action);
    Game expected = snapshot(BOX_0022000001);
    Game replayed = writer.current("0022000001").orElseThrow();
    assertThat(replayed.home()).isEqualTo(expected.home().withTeam(replayed.home().team()));
    assertThat(replayed.away()).isEqualTo(expected.away().withTeam(replayed.away().team()));
    assertThat(warnings()).containsExactly("replay record skipped file=" + plays + " record=action "
        + action + " of game 0022000001 reason=Invalid period 0 in action " + action
        + " of game 0022000001: expected 1 or more");
  }

  @Test
  void fileThatIsNotJsonIsSkipped() throws Exception {
    Path html = folder.resolve("scoreboard.json");
    Files.write(html,
        Payloads.bytes("error-responses/espn_scoreboard_akamai_access_denied.html.json"));
    Files.write(folder.resolve("today.json"),
        Payloads.bytes("nba-livedata/todaysScoreboard_00_2023-04-20.json"));
    MemoryGameWriter writer = new MemoryGameWriter();
    ReplayFeed feed = feed(Recording.fromPath(folder), writer, 0, false);

    feed.start();

    assertThat(feed.finished()).succeedsWithin(TIMEOUT);
    assertThat(warnings()).containsExactly("replay file skipped file=" + html
        + " reason=Failed to read " + html + ": the provider's edge served an \"Access"
        + " Denied\" HTML page (reference #18.375e6acb.1785926870.3bf1ee9e) in place of data,"
        + " so it blocks this client. Keep the last state and retry later");
    assertThat(writer.calls()).extracting(MemoryGameWriter.Call::method)
        .containsExactly("applySnapshot", "applySnapshot", "applySnapshot");
    assertThat(writer.current("0042200123").orElseThrow().status())
        .isEqualTo(GameStatus.FINAL);
  }

  @Test
  void loopRestartsEveryGameWithItsHeader() throws Exception {
    MemoryGameWriter writer = new MemoryGameWriter();
    List<Recording> recordings =
        List.of(Recording.fromClasspath("recordings/nba-livedata/playbyplay_0022000180.json"));
    ReplayFeed feed = feed(recordings, writer, 1_000_000, true);

    feed.start();

    await().atMost(TIMEOUT)
        .until(() -> writer.calls("applyPlay", "0022000180").size() > 537);
    feed.stop();
    assertThat(feed.finished()).isCompleted();
    List<MemoryGameWriter.Call> restarts = writer.calls("restart", "0022000180");
    assertThat(restarts).isNotEmpty();
    Game header = (Game) restarts.get(0).argument();
    assertThat(header.status()).isEqualTo(GameStatus.SCHEDULED);
    assertThat(header.home().team().shortName()).isEqualTo("BOS");
  }

  @Test
  void loopWithOnlySnapshotsEnds() throws Exception {
    MemoryGameWriter writer = new MemoryGameWriter();
    List<Recording> recordings = List.of(
        Recording.fromClasspath("recordings/nba-livedata/todaysScoreboard_00_2023-04-20.json"));
    ReplayFeed feed = feed(recordings, writer, 10, true);

    feed.start();

    assertThat(feed.finished()).succeedsWithin(TIMEOUT);
    assertThat(writer.calls()).extracting(MemoryGameWriter.Call::method)
        .containsExactly("applySnapshot", "applySnapshot", "applySnapshot");
  }

  @Test
  void stopEndsRealTimeReplayPromptly() throws Exception {
    MemoryGameWriter writer = new MemoryGameWriter();
    List<Recording> recordings = List.of(Recording.fromClasspath("recordings/" + PLAYS_0022000001));
    ReplayFeed feed = feed(recordings, writer, 1, true);

    feed.start();
    await().atMost(TIMEOUT).until(() -> !writer.calls("applyPlay", "0022000001").isEmpty());
    feed.stop();

    assertThat(feed.finished()).isCompleted();
    int played = writer.calls("applyPlay", "0022000001").size();
    assertThat(played).isLessThan(610);
    assertThat(writer.calls("applyPlay", "0022000001")).hasSize(played);
  }

  @Test
  void negativeSpeedIsRejected() {
    assertThatThrownBy(() -> new ReplayFeed(List.of(), new MemoryGameWriter(), -1, false,
        Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid replay speed -1.0: expected 0 (as fast as possible) or a positive"
            + " factor such as 1 or 10");
  }

  @Test
  void allGamesStartTogether() throws Exception {
    ReplayPlan plan = ReplayPlan.build(Recording.bundled());

    assertThat(plan.games()).hasSize(7);
    for (ReplayPlan.GamePlan game : plan.games()) {
      TimedPlay first = plan.timeline().stream()
          .filter(timed -> timed.play().gameId().equals(game.gameId()))
          .findFirst().orElseThrow();
      assertThat(first.offset()).as(game.gameId()).isZero();
    }
    assertThat(plan.timeline()).extracting(TimedPlay::offset).isSorted();
  }

  @Test
  void longGapsAreCutToOneMinute() {
    Instant tip = Instant.parse("2020-12-23T00:06:19Z");
    List<Play> plays = List.of(
        play(1, Duration.ofMinutes(12), tip),
        play(1, Duration.ofMinutes(11), tip.plusSeconds(10)),
        play(2, Duration.ofMinutes(12), tip.plusSeconds(15 * 60)),
        play(2, Duration.ofMinutes(11), tip.plusSeconds(15 * 60 + 5)));

    List<TimedPlay> timed = ReplayPlan.offsets(plays, LeagueRules.NBA);

    assertThat(timed).extracting(TimedPlay::offset).containsExactly(Duration.ZERO,
        Duration.ofSeconds(10), Duration.ofSeconds(70), Duration.ofSeconds(75));
  }

  @Test
  void gameClockDrivesTimelineWithoutWallClock() {
    List<Play> plays = List.of(
        play(1, Duration.ofMinutes(12), null),
        play(1, Duration.ofSeconds(690), null),
        play(1, Duration.ZERO, null),
        play(2, Duration.ofMinutes(12), null),
        play(2, Duration.ofMinutes(11), null));

    List<TimedPlay> timed = ReplayPlan.offsets(plays, LeagueRules.NBA);

    assertThat(timed).extracting(TimedPlay::offset).containsExactly(Duration.ZERO,
        Duration.ofSeconds(30), Duration.ofSeconds(90), Duration.ofSeconds(90),
        Duration.ofSeconds(150));
  }

  private ReplayFeed feed(List<Recording> recordings, MemoryGameWriter writer, double speed,
      boolean loop) {
    ReplayFeed feed = new ReplayFeed(recordings, writer, speed, loop, Duration.ofMillis(1));
    feeds.add(feed);
    return feed;
  }

  private List<String> warnings() {
    return log.list.stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static Game snapshot(String recording) throws FeedFormatException {
    return Payloads.read(recording).snapshots().get(0);
  }

  private static int sum(Side side) {
    return side.periods().stream().mapToInt(Integer::intValue).sum();
  }

  private static Play play(int period, Duration clock, Instant time) {
    return new Play("g1", 1, 1, period, clock, null, "2pt", "", 0, 0, time, false);
  }
}
