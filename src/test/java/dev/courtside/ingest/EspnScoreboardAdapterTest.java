package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EspnScoreboardAdapterTest {

  private static final String IN_PROGRESS = "espn/nba_scoreboard_2026-05-02_in_progress.json";
  private static final String EMPTY = "espn/nba_scoreboard_2026-offseason_empty_events.json";

  @Test
  void scoreboardMapsInProgressEvent() throws Exception {
    FeedBatch batch = Payloads.read(IN_PROGRESS);

    assertThat(batch.format()).isEqualTo("espn-scoreboard");
    assertThat(batch.rejections()).isEmpty();
    assertThat(batch.snapshots()).hasSize(1);
    Game game = batch.snapshots().get(0);
    assertThat(game.id()).isEqualTo("401869412");
    assertThat(game.league()).isEqualTo("nba");
    assertThat(game.status()).isEqualTo(GameStatus.LIVE);
    assertThat(game.period()).isEqualTo(4);
    assertThat(game.clock()).isEqualTo(Duration.ofSeconds(521));
    assertThat(game.start()).isEqualTo(Instant.parse("2026-05-02T23:30:00Z"));
    assertThat(game.home().team().id()).isEqualTo("2");
    assertThat(game.home().team().name()).isEqualTo("Boston Celtics");
    assertThat(game.home().team().shortName()).isEqualTo("BOS");
    assertThat(game.home().team().location()).isEqualTo("Boston");
    assertThat(game.home().score()).isEqualTo(87);
    assertThat(game.home().periods()).containsExactly(19, 31, 25, 12);
    assertThat(game.away().team().id()).isEqualTo("20");
    assertThat(game.away().team().name()).isEqualTo("Philadelphia 76ers");
    assertThat(game.away().team().shortName()).isEqualTo("PHI");
    assertThat(game.away().score()).isEqualTo(92);
    assertThat(game.away().periods()).containsExactly(32, 23, 33, 4);
  }

  @Test
  void emptyEventsIsEmptyBatch() throws Exception {
    FeedBatch batch = Payloads.read(EMPTY);

    assertThat(batch.format()).isEqualTo("espn-scoreboard");
    assertThat(batch.snapshots()).isEmpty();
    assertThat(batch.plays()).isEmpty();
    assertThat(batch.rejections()).isEmpty();
  }

  @Test
  void postponedEventHasNoClock() throws Exception {
    ObjectNode tree = Payloads.tree(IN_PROGRESS);
    setStatus(tree, "STATUS_POSTPONED", "pre", 0, 0.0);
    for (var competitor : tree.at("/events/0/competitions/0/competitors")) {
      ((ObjectNode) competitor).put("score", "0");
      ((ObjectNode) competitor).putArray("linescores");
    }

    Game game = Payloads.read("altered.json", tree).snapshots().get(0);

    assertThat(game.status()).isEqualTo(GameStatus.POSTPONED);
    assertThat(game.period()).isZero();
    assertThat(game.clock()).isNull();
    assertThat(game.home().score()).isZero();
    assertThat(game.home().periods()).isEmpty();
  }

  @Test
  void suspendedEventKeepsScores() throws Exception {
    ObjectNode tree = Payloads.tree(IN_PROGRESS);
    setStatus(tree, "STATUS_SUSPENDED", "in", 4, 521.0);

    Game game = Payloads.read("altered.json", tree).snapshots().get(0);

    assertThat(game.status()).isEqualTo(GameStatus.SUSPENDED);
    assertThat(game.period()).isEqualTo(4);
    assertThat(game.home().score()).isEqualTo(87);
    assertThat(game.away().score()).isEqualTo(92);
  }

  @Test
  void statusNamesMapToGameStatus() throws Exception {
    String[][] cases = {
        {"STATUS_END_PERIOD", "in", "live"},
        {"STATUS_FINAL", "post", "final"},
        {"STATUS_CANCELED", "post", "cancelled"},
        {"STATUS_SOMETHING_NEW", "in", "live"},
    };
    for (String[] row : cases) {
      ObjectNode tree = Payloads.tree(IN_PROGRESS);
      setStatus(tree, row[0], row[1], 4, 0.0);

      FeedBatch batch = Payloads.read("altered.json", tree);

      assertThat(batch.snapshots()).as(row[0]).hasSize(1);
      assertThat(batch.snapshots().get(0).status().wireName()).as(row[0]).isEqualTo(row[2]);
    }
  }

  @Test
  void scheduledEventBeforeTipIsAccepted() throws Exception {
    ObjectNode tree = Payloads.tree(IN_PROGRESS);
    setStatus(tree, "STATUS_SCHEDULED", "pre", 0, 0.0);
    clearScores(tree);

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.rejections()).isEmpty();
    assertThat(batch.snapshots().get(0).status().wireName()).isEqualTo("scheduled");
  }

  @Test
  void scheduledEventWithScoreIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(IN_PROGRESS);
    setStatus(tree, "STATUS_SCHEDULED", "pre", 0, 0.0);

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.snapshots()).isEmpty();
    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid score 87-92 in game 401869412 with status scheduled: expected 0-0 before the"
            + " start");
  }

  @Test
  void halftimeOutsideTheMiddleIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(IN_PROGRESS);
    setStatus(tree, "STATUS_HALFTIME", "in", 4, 0.0);

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid period 4 in game 401869412 with status halftime: expected 2, the last period"
            + " of the first half");
  }

  @Test
  void unknownStatusIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(IN_PROGRESS);
    setStatus(tree, "STATUS_SOMETHING_NEW", "", 4, 0.0);

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.snapshots()).isEmpty();
    assertThat(batch.rejections()).containsExactly(new Rejection("altered.json",
        "event 401869412",
        "Invalid status.type.name 'STATUS_SOMETHING_NEW' in event 401869412: expected a known"
            + " ESPN status such as STATUS_IN_PROGRESS, or state pre, in or post"));
  }

  @Test
  void negativeScoreIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(IN_PROGRESS);
    ObjectNode home = (ObjectNode) tree.at("/events/0/competitions/0/competitors/0");
    assertThat(home.path("homeAway").asText()).isEqualTo("home");
    home.put("score", "-3");
    home.putArray("linescores");

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.snapshots()).isEmpty();
    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid score -3 for home team 2 in game 401869412: expected 0 or more");
  }

  private static void clearScores(ObjectNode tree) {
    for (JsonNode competitor
        : tree.at("/events/0/competitions/0/competitors")) {
      ((ObjectNode) competitor).put("score", "0");
      ((ObjectNode) competitor).remove("linescores");
    }
  }

  private static void setStatus(ObjectNode tree, String name, String state, int period,
      double clock) {
    for (String path : new String[] {"/events/0/status", "/events/0/competitions/0/status"}) {
      ObjectNode status = (ObjectNode) tree.at(path);
      status.put("period", period);
      status.put("clock", clock);
      ObjectNode type = (ObjectNode) status.get("type");
      type.put("name", name);
      type.put("state", state);
    }
  }
}
