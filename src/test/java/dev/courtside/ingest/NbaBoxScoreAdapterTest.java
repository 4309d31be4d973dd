package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NbaBoxScoreAdapterTest {

  private static final String GSW_AT_BKN = "nba-livedata/boxscore_0022000001.json";
  private static final String PHI_AT_BKN = "nba-livedata/boxscore_0042200123.json";

  @Test
  void boxScoreMapsFinalGame() throws Exception {
    FeedBatch batch = Payloads.read(GSW_AT_BKN);

    assertThat(batch.format()).isEqualTo("nba-boxscore");
    assertThat(batch.rejections()).isEmpty();
    assertThat(batch.snapshots()).hasSize(1);
    Game game = batch.snapshots().get(0);
    assertThat(game.id()).isEqualTo("0022000001");
    assertThat(game.league()).isEqualTo("nba");
    assertThat(game.status()).isEqualTo(GameStatus.FINAL);
    assertThat(game.period()).isEqualTo(4);
    assertThat(game.clock()).isEqualTo(Duration.ZERO);
    assertThat(game.start()).isEqualTo(Instant.parse("2020-12-23T00:00:00Z"));
    assertThat(game.home().team().id()).isEqualTo("1610612751");
    assertThat(game.home().team().name()).isEqualTo("Brooklyn Nets");
    assertThat(game.home().team().shortName()).isEqualTo("BKN");
    assertThat(game.home().team().location()).isEqualTo("Brooklyn");
    assertThat(game.home().score()).isEqualTo(125);
    assertThat(game.home().periods()).containsExactly(40, 23, 36, 26);
    assertThat(game.away().team().name()).isEqualTo("Golden State Warriors");
    assertThat(game.away().team().shortName()).isEqualTo("GSW");
    assertThat(game.away().score()).isEqualTo(99);
    assertThat(game.away().periods()).containsExactly(25, 20, 26, 28);
  }

  @Test
  void playoffBoxScoreMapsFinalGame() throws Exception {
    Game game = Payloads.read(PHI_AT_BKN).snapshots().get(0);

    assertThat(game.id()).isEqualTo("0042200123");
    assertThat(game.start()).isEqualTo(Instant.parse("2023-04-20T23:30:00Z"));
    assertThat(game.status()).isEqualTo(GameStatus.FINAL);
    assertThat(game.away().team().name()).isEqualTo("Philadelphia 76ers");
    assertThat(game.away().score()).isEqualTo(102);
    assertThat(game.away().periods()).containsExactly(32, 26, 18, 26);
    assertThat(game.home().score()).isEqualTo(97);
    assertThat(game.home().periods()).containsExactly(28, 19, 35, 15);
  }

  @Test
  void unplayedPeriodsAreLeftOut() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    ObjectNode game = (ObjectNode) tree.get("game");
    game.put("gameStatus", 2);
    game.put("gameStatusText", "Q2 05:00");
    game.put("period", 2);
    game.put("gameClock", "PT05M00.00S");
    ((ObjectNode) game.get("homeTeam")).put("score", 63);
    ((ObjectNode) game.get("awayTeam")).put("score", 45);

    Game live = Payloads.read("altered.json", tree).snapshots().get(0);

    assertThat(live.status()).isEqualTo(GameStatus.LIVE);
    assertThat(live.clock()).isEqualTo(Duration.ofMinutes(5));
    assertThat(live.home().periods()).containsExactly(40, 23);
    assertThat(live.away().periods()).containsExactly(25, 20);
  }

  @Test
  void halftimeTextMapsToHalftime() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    ObjectNode game = (ObjectNode) tree.get("game");
    game.put("gameStatus", 2);
    game.put("gameStatusText", "Halftime");
    game.put("period", 2);
    ((ObjectNode) game.get("homeTeam")).put("score", 63);
    ((ObjectNode) game.get("awayTeam")).put("score", 45);

    Game halftime = Payloads.read("altered.json", tree).snapshots().get(0);

    assertThat(halftime.status()).isEqualTo(GameStatus.HALFTIME);
  }

  @Test
  void postponedGameHasNoPeriods() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    ObjectNode game = (ObjectNode) tree.get("game");
    game.put("gameStatus", 1);
    game.put("gameStatusText", "PPD");
    game.put("period", 0);
    game.put("gameClock", "");
    ((ObjectNode) game.get("homeTeam")).put("score", 0);
    ((ObjectNode) game.get("awayTeam")).put("score", 0);

    Game postponed = Payloads.read("altered.json", tree).snapshots().get(0);

    assertThat(postponed.status()).isEqualTo(GameStatus.POSTPONED);
    assertThat(postponed.clock()).isNull();
    assertThat(postponed.home().periods()).isEmpty();
    assertThat(postponed.away().periods()).isEmpty();
  }

  @Test
  void negativeScoreIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    ((ObjectNode) tree.get("game").get("homeTeam")).put("score", -1);

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.snapshots()).isEmpty();
    assertThat(batch.rejections()).containsExactly(new Rejection("altered.json",
        "game 0022000001",
        "Invalid score -1 for home team 1610612751 in game 0022000001: expected 0 or more"));
  }

  @Test
  void scoreNotMatchingPeriodsIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    ((ObjectNode) tree.get("game").get("homeTeam")).put("score", 126);

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.snapshots()).isEmpty();
    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid score 126 for home team 1610612751 in game 0022000001: expected the sum of"
            + " its period scores [40, 23, 36, 26], which is 125");
  }

  @Test
  void unknownGameStatusIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    ((ObjectNode) tree.get("game")).put("gameStatus", 7);

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid gameStatus '7' in game 0022000001: expected 1 (scheduled), 2 (live) or"
            + " 3 (final)");
  }
}
