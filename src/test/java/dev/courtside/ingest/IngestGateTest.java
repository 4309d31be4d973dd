package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameJson;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Json;
import dev.courtside.model.Play;
import dev.courtside.model.Side;
import dev.courtside.model.Team;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestGateTest {

  private static final String IN_PROGRESS = "espn/nba_scoreboard_2026-05-02_in_progress.json";
  private static final Team HOME = new Team("nba", "100", "Montréal Québécois", "MTL", "");
  private static final Team AWAY = new Team("nba", "200", "São Paulo Ñandúes", "SAO", "");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-02T23:40:00Z"));
  private final MemoryGameWriter writer = new MemoryGameWriter();
  private final MemoryQuarantine quarantine = new MemoryQuarantine();
  private final IngestGate gate = new IngestGate(writer, quarantine, clock);

  @Test
  void scoreThatGoesDownIsQuarantined() throws Exception {
    gate.apply("espn-nba", "board", Payloads.read(IN_PROGRESS), null);
    ObjectNode tree = Payloads.tree(IN_PROGRESS);
    lowerHomeScore(tree);

    IngestReport report = gate.apply("espn-nba", "board", Payloads.read("board", tree), null);

    assertThat(report.games()).isEmpty();
    assertThat(report.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid score 85-92 (home-away) in game 401869412: lower than the current 87-92,"
            + " expected a score that does not go down unless the record is flagged as a"
            + " correction or a play was edited or deleted");
    assertThat(writer.current("401869412").orElseThrow().home().score()).isEqualTo(87);
    assertThat(quarantine.entries()).hasSize(1);
    assertThat(quarantine.entries().get(0).feed()).isEqualTo("espn-nba");
    assertThat(quarantine.entries().get(0).record()).isEqualTo("game 401869412");
    assertThat(quarantine.entries().get(0).excerpt()).contains("\"score\":85");
    assertThat(gate.rejectedCount("espn-nba")).isEqualTo(1);
  }

  @Test
  void repeatedRejectionIsStoredOnce() throws Exception {
    gate.apply("espn-nba", "board", Payloads.read(IN_PROGRESS), null);
    ObjectNode tree = Payloads.tree(IN_PROGRESS);
    lowerHomeScore(tree);

    for (int i = 0; i < 3; i++) {
      gate.apply("espn-nba", "board", Payloads.read("board", tree), null);
    }

    assertThat(quarantine.entries()).hasSize(1);
    assertThat(gate.rejectedCount("espn-nba")).isEqualTo(3);
    assertThat(gate.rejectedCounts()).containsEntry("espn-nba", 3L);
  }

  @Test
  void flaggedCorrectionLowersScore() throws Exception {
    gate.apply("push", "test", read(game(GameStatus.LIVE, 2, 10, 8)), null);
    ObjectNode corrected = game(GameStatus.LIVE, 2, 9, 8);
    corrected.put("correction", true);

    IngestReport report = gate.apply("push", "test", read(corrected), null);

    assertThat(report.rejections()).isEmpty();
    assertThat(writer.current("g1").orElseThrow().home().score()).isEqualTo(9);
  }

  @Test
  void playEditAllowsLowerSnapshot() throws Exception {
    ObjectNode first = game(GameStatus.LIVE, 1, 3, 0);
    addPlay(first, 7, 1, 3, 0);
    gate.apply("push", "test", read(first), null);
    ObjectNode edited = game(GameStatus.LIVE, 1, 2, 0);
    addPlay(edited, 7, 1, 2, 0);

    IngestReport report = gate.apply("push", "test", read(edited), null);

    assertThat(report.rejections()).isEmpty();
    assertThat(writer.current("g1").orElseThrow().home().score()).isEqualTo(2);
    assertThat(writer.calls("applyPlay", "g1")).hasSize(2);
  }

  @Test
  void newPlayWithLowerScoreIsRejected() throws Exception {
    ObjectNode first = game(GameStatus.LIVE, 1, 3, 0);
    addPlay(first, 7, 1, 3, 0);
    gate.apply("push", "test", read(first), null);
    ObjectNode next = game(GameStatus.LIVE, 1, 3, 0);
    addPlay(next, 7, 1, 3, 0);
    addPlay(next, 8, 1, 1, 0);

    IngestReport report = gate.apply("push", "test", read(next), null);

    assertThat(report.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid score 1-0 (home-away) in action 8 of game g1: lower than 3-0 after the"
            + " previous play 7, expected a score that does not go down unless the play edits"
            + " an earlier one");
  }

  @Test
  void unchangedPlaysAreNotAppliedAgain() throws Exception {
    ObjectNode payload = game(GameStatus.LIVE, 1, 5, 0);
    addPlay(payload, 1, 1, 2, 0);
    addPlay(payload, 2, 1, 5, 0);

    gate.apply("push", "test", read(payload), null);
    gate.apply("push", "test", read(payload), null);

    assertThat(writer.calls("applyPlay", "g1")).hasSize(2);
  }

  @Test
  void firstPlaysOfRunningGameGoNewestFirst() throws Exception {
    ObjectNode payload = game(GameStatus.LIVE, 1, 5, 0);
    addPlay(payload, 1, 1, 2, 0);
    addPlay(payload, 2, 1, 5, 0);

    gate.apply("push", "test", read(payload), null);

    List<Object> applied = writer.calls("applyPlay", "g1").stream()
        .map(MemoryGameWriter.Call::argument).toList();
    assertThat(applied).extracting(play -> ((Play) play).action()).containsExactly(2L, 1L);
  }

  @Test
  void changedTeamIsRejected() throws Exception {
    gate.apply("push", "test", read(game(GameStatus.LIVE, 2, 10, 8)), null);
    ObjectNode other = game(GameStatus.LIVE, 2, 10, 8);
    ((ObjectNode) other.get("away")).put("id", "300");

    IngestReport report = gate.apply("push", "test", read(other), null);

    assertThat(report.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid away team 300 in game g1: expected 200, the away team this game already has");
  }

  @Test
  void playOfUnknownTeamIsRejected() throws Exception {
    ObjectNode payload = game(GameStatus.LIVE, 1, 2, 0);
    addPlay(payload, 1, 1, 2, 0).put("team", "999");

    IngestReport report = gate.apply("push", "test", read(payload), null);

    assertThat(report.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid team 999 in action 1 of game g1: expected home team 100 or away team 200");
  }

  @Test
  void finalGameComesBackLive() throws Exception {
    gate.apply("push", "test", read(game(GameStatus.FINAL, 4, 100, 98)), null);

    IngestReport report = gate.apply("push", "test", read(game(GameStatus.LIVE, 4, 100, 98)),
        null);

    assertThat(report.rejections()).isEmpty();
    assertThat(writer.current("g1").orElseThrow().status()).isEqualTo(GameStatus.LIVE);
  }

  @Test
  void finalBeforeRegulationEndIsRejected() throws Exception {
    IngestReport report = gate.apply("push", "test", read(game(GameStatus.FINAL, 3, 70, 60)),
        null);

    assertThat(report.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid period 3 in game g1 with status final: expected 4 or more, the end of"
            + " regulation");
  }

  @Test
  void overtimePeriodsAreAccepted() throws Exception {
    ObjectNode overtime = game(GameStatus.LIVE, 6, 120, 118);
    overtime.put("clock", 300.0);

    IngestReport report = gate.apply("push", "test", read(overtime), null);

    assertThat(report.rejections()).isEmpty();
    assertThat(writer.current("g1").orElseThrow().inOvertime()).isTrue();
  }

  @Test
  void overtimeClockPastFiveMinutesIsRejected() throws Exception {
    ObjectNode overtime = game(GameStatus.LIVE, 5, 110, 110);
    overtime.put("clock", 301.0);

    IngestReport report = gate.apply("push", "test", read(overtime), null);

    assertThat(report.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid clock 5:01 in period 5 of game g1: expected at most 5:00");
  }

  @Test
  void postponedAndSuspendedGamesAreAccepted() throws Exception {
    IngestReport postponed = gate.apply("push", "a", read(game(GameStatus.POSTPONED, 0, 0, 0)),
        null);
    ObjectNode suspended = game(GameStatus.SUSPENDED, 3, 60, 61);
    suspended.put("id", "g2");

    IngestReport report = gate.apply("push", "b", read(suspended), null);

    assertThat(postponed.rejections()).isEmpty();
    assertThat(report.rejections()).isEmpty();
    assertThat(writer.current("g1").orElseThrow().status()).isEqualTo(GameStatus.POSTPONED);
    assertThat(writer.current("g2").orElseThrow().status()).isEqualTo(GameStatus.SUSPENDED);
  }

  @Test
  void postponedGameWithPeriodIsRejected() throws Exception {
    IngestReport report = gate.apply("push", "a", read(game(GameStatus.POSTPONED, 2, 0, 0)),
        null);

    assertThat(report.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid period 2 in game g1 with status postponed: expected 0 before the start");
  }

  @Test
  void nonAsciiNamesSurvive() throws Exception {
    gate.apply("push", "test", read(game(GameStatus.LIVE, 1, 2, 0)), null);

    Game game = writer.current("g1").orElseThrow();

    assertThat(game.home().team().name()).isEqualTo("Montréal Québécois");
    assertThat(game.away().team().name()).isEqualTo("São Paulo Ñandúes");
  }

  @Test
  void startTimesWithAndWithoutSeconds() throws Exception {
    String[][] cases = {
        {"2023-04-21T02:00Z", "2023-04-21T02:00:00Z"},
        {"2020-12-23T00:06:19.0Z", "2020-12-23T00:06:19Z"},
        {"2023-04-20T23:59:30-01:00", "2023-04-21T00:59:30Z"},
    };
    for (String[] row : cases) {
      ObjectNode payload = game(GameStatus.SCHEDULED, 0, 0, 0);
      payload.put("id", "start-" + row[0]);
      payload.put("start", row[0]);

      gate.apply("push", "test", read(payload), null);

      assertThat(writer.current("start-" + row[0]).orElseThrow().start()).as(row[0])
          .isEqualTo(Instant.parse(row[1]));
    }
  }

  @Test
  void numberSentAsStringIsRejected() throws Exception {
    ObjectNode payload = game(GameStatus.LIVE, 1, 2, 0);
    ((ObjectNode) payload.get("home")).put("score", "2");

    IngestReport report = gate.apply("push", "test", read(payload), null);

    assertThat(report.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid home.score \"2\" in game g1: expected a whole number");
  }

  @Test
  void unreadablePayloadIsQuarantined() {
    byte[] raw = "{\"scoreboard\": ".getBytes(StandardCharsets.UTF_8);

    gate.rejectPayload("nba-live", "board.json", "Failed to read board.json: not valid JSON",
        raw);

    assertThat(quarantine.entries()).hasSize(1);
    assertThat(quarantine.entries().get(0).record()).isEqualTo("payload");
    assertThat(quarantine.entries().get(0).excerpt()).isEqualTo("{\"scoreboard\": ");
  }

  @Test
  void correctionWindowEnds() throws Exception {
    ObjectNode first = game(GameStatus.LIVE, 1, 3, 0);
    addPlay(first, 7, 1, 3, 0);
    gate.apply("push", "test", read(first), null);
    ObjectNode edit = game(GameStatus.LIVE, 1, 3, 0);
    addPlay(edit, 7, 1, 3, 0).put("description", "edited");
    gate.apply("push", "test", read(edit), null);
    clock.advance(IngestGate.CORRECTION_WINDOW.plus(Duration.ofSeconds(1)));

    IngestReport report = gate.apply("push", "test", read(game(GameStatus.LIVE, 1, 1, 0)),
        null);

    assertThat(report.rejections()).hasSize(1);
  }

  /** Returns Courtside game JSON of game g1 between {@link #HOME} and {@link #AWAY}. */
  private static ObjectNode game(GameStatus status, int period, int home, int away) {
    Game game = new Game("g1", "nba", Instant.parse("2026-05-02T23:30:00Z"),
        new Side(HOME, home, List.of()), new Side(AWAY, away, List.of()), status, period, 4,
        status == GameStatus.FINAL ? Duration.ZERO : null, null, false, 0);
    ObjectNode node = GameJson.write(game);
    node.remove("seq");
    return node;
  }

  private static ObjectNode addPlay(ObjectNode game, long action, int period, int home,
      int away) {
    ArrayNode plays = game.has("plays") ? (ArrayNode) game.get("plays")
        : game.putArray("plays");
    Play play = new Play("g1", action, action, period, Duration.ofMinutes(5), "100", "2pt",
        "Shot", home, away, null, false);
    ObjectNode node = GameJson.write(play);
    plays.add(node);
    return node;
  }

  private static FeedBatch read(ObjectNode payload) throws FeedFormatException {
    return Adapters.read("test", Json.write(payload).getBytes(StandardCharsets.UTF_8));
  }

  private static void lowerHomeScore(ObjectNode tree) {
    for (var competitor : tree.at("/events/0/competitions/0/competitors")) {
      if (competitor.path("homeAway").asText().equals("home")) {
        ((ObjectNode) competitor).put("score", "85");
        ObjectNode last = (ObjectNode) competitor.path("linescores").get(3);
        last.put("value", last.path("value").asDouble() - 2);
      }
    }
  }
}
