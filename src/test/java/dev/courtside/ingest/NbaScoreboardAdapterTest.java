package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NbaScoreboardAdapterTest {

  private static final String SCOREBOARD = "nba-livedata/todaysScoreboard_00_2023-04-20.json";

  @Test
  void scoreboardMapsLiveAndFinalGames() throws Exception {
    FeedBatch batch = Payloads.read(SCOREBOARD);

    assertThat(batch.format()).isEqualTo("nba-scoreboard");
    assertThat(batch.rejections()).isEmpty();
    assertThat(batch.snapshots()).extracting(Game::id)
        .containsExactly("0042200163", "0042200173", "0042200123");

    Game sacAtGsw = batch.snapshots().get(0);
    assertThat(sacAtGsw.status()).isEqualTo(GameStatus.LIVE);
    assertThat(sacAtGsw.period()).isEqualTo(2);
    assertThat(sacAtGsw.clock()).isEqualTo(Duration.parse("PT7M15S"));
    assertThat(sacAtGsw.start()).isEqualTo(Instant.parse("2023-04-21T02:00:00Z"));
    assertThat(sacAtGsw.home().team().shortName()).isEqualTo("GSW");
    assertThat(sacAtGsw.home().team().name()).isEqualTo("Golden State Warriors");
    assertThat(sacAtGsw.home().score()).isEqualTo(39);
    assertThat(sacAtGsw.home().periods()).containsExactly(29, 10);
    assertThat(sacAtGsw.away().team().shortName()).isEqualTo("SAC");
    assertThat(sacAtGsw.away().score()).isEqualTo(30);
    assertThat(sacAtGsw.away().periods()).containsExactly(20, 10);

    Game phxAtLac = batch.snapshots().get(1);
    assertThat(phxAtLac.status()).isEqualTo(GameStatus.LIVE);
    assertThat(phxAtLac.period()).isEqualTo(1);
    assertThat(phxAtLac.clock()).isEqualTo(Duration.parse("PT6M5S"));
    assertThat(phxAtLac.home().team().name()).isEqualTo("LA Clippers");
    assertThat(phxAtLac.home().score()).isEqualTo(10);
    assertThat(phxAtLac.home().periods()).containsExactly(10);
    assertThat(phxAtLac.away().team().shortName()).isEqualTo("PHX");
    assertThat(phxAtLac.away().score()).isEqualTo(12);
    assertThat(phxAtLac.away().periods()).containsExactly(12);
  }

  @Test
  void finalGameUsesUtcStartNotGameEt() throws Exception {
    Game phiAtBkn = Payloads.read(SCOREBOARD).snapshots().get(2);

    assertThat(phiAtBkn.status()).isEqualTo(GameStatus.FINAL);
    assertThat(phiAtBkn.start()).isEqualTo(Instant.parse("2023-04-20T23:30:00Z"));
    assertThat(phiAtBkn.clock()).isNull();
  }

  @Test
  void finalGameMatchesItsBoxScore() throws Exception {
    Game fromScoreboard = Payloads.read(SCOREBOARD).snapshots().get(2);
    Game fromBoxScore = Payloads.read("nba-livedata/boxscore_0042200123.json").snapshots()
        .get(0);

    assertThat(fromScoreboard.home()).isEqualTo(fromBoxScore.home());
    assertThat(fromScoreboard.away()).isEqualTo(fromBoxScore.away());
    assertThat(fromScoreboard.period()).isEqualTo(fromBoxScore.period());
  }

  @Test
  void startWithoutSecondsIsRead() throws Exception {
    ObjectNode tree = Payloads.tree(SCOREBOARD);
    ((ObjectNode) tree.get("scoreboard").get("games").get(0))
        .put("gameTimeUTC", "2023-04-21T02:00Z");

    Game game = Payloads.read("altered.json", tree).snapshots().get(0);

    assertThat(game.start()).isEqualTo(Instant.parse("2023-04-21T02:00:00Z"));
  }

  @Test
  void badGameIsRejectedAndOthersGoOn() throws Exception {
    ObjectNode tree = Payloads.tree(SCOREBOARD);
    ((ObjectNode) tree.get("scoreboard").get("games").get(0)).put("period", 0);

    FeedBatch batch = Payloads.read("altered.json", tree);

    List<Game> snapshots = batch.snapshots();
    assertThat(snapshots).extracting(Game::id).containsExactly("0042200173", "0042200123");
    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid period 0 in game 0042200163 with status live: expected 1 or more");
  }
}
