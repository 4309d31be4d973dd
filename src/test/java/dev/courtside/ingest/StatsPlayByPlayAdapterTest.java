package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsPlayByPlayAdapterTest {

  private static final String NOP_AT_TOR = "nba-stats/stats_playbyplayv2_0021900001_raw.json";
  private static final String GSW_AT_MEM = "nba-stats/stats_playbyplay_v1_0021401082.json";

  @Test
  void v2HeaderTakesTeamsFromPlayerColumns() throws Exception {
    FeedBatch batch = Payloads.read(NOP_AT_TOR);

    assertThat(batch.format()).isEqualTo("stats-nba-playbyplay");
    assertThat(batch.rejections()).isEmpty();
    Game header = batch.headers().get(0);
    assertThat(header.id()).isEqualTo("0021900001");
    assertThat(header.home().team().id()).isEqualTo("1610612761");
    assertThat(header.home().team().name()).isEqualTo("Toronto Raptors");
    assertThat(header.home().team().shortName()).isEqualTo("TOR");
    assertThat(header.away().team().id()).isEqualTo("1610612740");
    assertThat(header.away().team().name()).isEqualTo("New Orleans Pelicans");
  }

  @Test
  void v2OvertimeScoresSplitVisitorAndHome() throws Exception {
    List<Play> plays = Payloads.read(NOP_AT_TOR).plays();

    assertThat(plays).hasSize(574);
    List<Play> periodEnds = plays.stream().filter(p -> p.type().equals(Play.PERIOD_END))
        .toList();
    assertThat(periodEnds).extracting(Play::period).containsExactly(1, 2, 3, 4, 5);
    assertThat(periodEnds).extracting(Play::scoreHome).containsExactly(27, 56, 88, 117, 130);
    assertThat(periodEnds).extracting(Play::scoreAway).containsExactly(30, 61, 86, 117, 122);
    Play last = plays.get(plays.size() - 1);
    assertThat(last.type()).isEqualTo(Play.GAME_END);
    assertThat(last.period()).isEqualTo(5);
  }

  @Test
  void nullScoreCarriesLastScoreForward() throws Exception {
    List<Play> plays = Payloads.read(GSW_AT_MEM).plays();

    Play lastRebound = plays.get(plays.size() - 3);
    assertThat(lastRebound.action()).isEqualTo(494);
    assertThat(lastRebound.scoreHome()).isEqualTo(84);
    assertThat(lastRebound.scoreAway()).isEqualTo(107);
  }

  @Test
  void v1HeaderUsesSideIdsAndTimeoutNicknames() throws Exception {
    FeedBatch batch = Payloads.read(GSW_AT_MEM);

    assertThat(batch.plays()).hasSize(441);
    Game header = batch.headers().get(0);
    assertThat(header.home().team().id()).isEqualTo("0021401082-home");
    assertThat(header.home().team().name()).isEqualTo("Grizzlies");
    assertThat(header.away().team().id()).isEqualTo("0021401082-away");
    assertThat(header.away().team().name()).isEqualTo("Warriors");
    Play last = batch.plays().get(batch.plays().size() - 1);
    assertThat(last.type()).isEqualTo(Play.GAME_END);
    assertThat(last.scoreHome()).isEqualTo(84);
    assertThat(last.scoreAway()).isEqualTo(107);
  }

  @Test
  void formatIsDetectedByHeadersNotResource() throws Exception {
    ObjectNode tree = Payloads.tree(NOP_AT_TOR);
    tree.put("resource", "something-else");

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.format()).isEqualTo("stats-nba-playbyplay");
  }

  @Test
  void malformedScoreIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_MEM);
    ArrayNode rows = (ArrayNode) tree.at("/resultSets/0/rowSet");
    ArrayNode lastRow = (ArrayNode) rows.get(rows.size() - 1);
    lastRow.set(10, tree.textNode("107 to 84"));

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.rejections()).containsExactly(new Rejection("altered.json",
        "event 495 of game 0021401082",
        "Invalid SCORE '107 to 84' in event 495 of game 0021401082: expected 'visitor - home'"
            + " such as '107 - 84'"));
  }
}
