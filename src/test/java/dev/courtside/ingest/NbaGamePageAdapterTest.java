package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Play;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NbaGamePageAdapterTest {

  private static final String IND_AT_MEM =
      "html-scoreboard/nba-com-game-page-next-data_ind-vs-mem-0022400306.json";

  @Test
  void gamePageMapsFinalSnapshot() throws Exception {
    FeedBatch batch = Payloads.read(IND_AT_MEM);

    assertThat(batch.format()).isEqualTo("nba-gamepage");
    assertThat(batch.rejections()).isEmpty();
    assertThat(batch.snapshots()).hasSize(1);
    Game game = batch.snapshots().get(0);
    assertThat(game.id()).isEqualTo("0022400306");
    assertThat(game.status()).isEqualTo(GameStatus.FINAL);
    assertThat(game.period()).isEqualTo(4);
    assertThat(game.start()).isEqualTo(Instant.parse("2024-12-01T20:30:00Z"));
    assertThat(game.home().team().id()).isEqualTo("1610612763");
    assertThat(game.home().team().name()).isEqualTo("Memphis Grizzlies");
    assertThat(game.home().team().shortName()).isEqualTo("MEM");
    assertThat(game.home().score()).isEqualTo(136);
    assertThat(game.home().periods()).containsExactly(28, 34, 40, 34);
    assertThat(game.away().team().id()).isEqualTo("1610612754");
    assertThat(game.away().team().name()).isEqualTo("Indiana Pacers");
    assertThat(game.away().score()).isEqualTo(121);
    assertThat(game.away().periods()).containsExactly(45, 23, 23, 30);
  }

  @Test
  void emptyScoresCarryLastScoreForward() throws Exception {
    List<Play> plays = Payloads.read(IND_AT_MEM).plays();

    Play rebound = NbaPlayByPlayAdapterTest.play(new FeedBatch("", List.of(), List.of(), plays,
        List.of()), 4);
    assertThat(rebound.type()).isEqualTo("rebound");
    assertThat(rebound.scoreHome()).isZero();
    assertThat(rebound.scoreAway()).isZero();
    Play missAfterFirstBasket = plays.get(9);
    assertThat(missAfterFirstBasket.action()).isEqualTo(10);
    assertThat(missAfterFirstBasket.type()).isEqualTo("missed-shot");
    assertThat(missAfterFirstBasket.scoreHome()).isEqualTo(3);
    assertThat(missAfterFirstBasket.scoreAway()).isZero();
  }

  @Test
  void actionIdNumbersPlaysBecauseActionNumberRepeats() throws Exception {
    List<Play> plays = Payloads.read(IND_AT_MEM).plays();

    assertThat(plays).extracting(Play::action).doesNotHaveDuplicates();
    Play block = plays.get(10);
    assertThat(block.action()).isEqualTo(11);
    assertThat(block.type()).isEqualTo("unspecified");
    assertThat(block.description()).isEqualTo("Clarke BLOCK (1 BLK)");
  }

  @Test
  void playsEndWithGameEndAtFinalScore() throws Exception {
    List<Play> plays = Payloads.read(IND_AT_MEM).plays();

    assertThat(plays).hasSize(526);
    assertThat(plays).extracting(Play::time).containsOnlyNulls();
    List<Play> periodEnds = plays.stream().filter(p -> p.type().equals(Play.PERIOD_END))
        .toList();
    assertThat(periodEnds).extracting(Play::scoreHome).containsExactly(28, 62, 102, 136);
    assertThat(periodEnds).extracting(Play::scoreAway).containsExactly(45, 68, 91, 121);
    Play last = plays.get(plays.size() - 1);
    assertThat(last.type()).isEqualTo(Play.GAME_END);
    assertThat(last.action()).isEqualTo(526);
    assertThat(last.scoreHome()).isEqualTo(136);
    assertThat(last.scoreAway()).isEqualTo(121);
  }

  @Test
  void tiedLastPeriodAddsNoGameEnd() throws Exception {
    ObjectNode tree = Payloads.tree(IND_AT_MEM);
    JsonNode actions = tree.at("/props/pageProps/playByPlay/actions");
    ObjectNode lastEnd = (ObjectNode) actions.get(actions.size() - 1);
    lastEnd.put("scoreAway", "136");

    List<Play> plays = Payloads.read("altered.json", tree).plays();

    assertThat(plays).hasSize(525);
    assertThat(plays.get(plays.size() - 1).type()).isEqualTo(Play.PERIOD_END);
  }
}
