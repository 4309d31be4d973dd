package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataNbaMobilePlayByPlayAdapterTest {

  private static final String WAS_AT_OKC = "nba-stats/data_nba_mobile_pbp_0021600270.json";

  @Test
  void headerTakesTeamsFromScoringEvents() throws Exception {
    FeedBatch batch = Payloads.read(WAS_AT_OKC);

    assertThat(batch.format()).isEqualTo("data-nba-mobile-playbyplay");
    assertThat(batch.rejections()).isEmpty();
    Game header = batch.headers().get(0);
    assertThat(header.id()).isEqualTo("0021600270");
    assertThat(header.home().team().id()).isEqualTo("1610612760");
    assertThat(header.home().team().shortName()).isEqualTo("OKC");
    assertThat(header.away().team().id()).isEqualTo("1610612764");
    assertThat(header.away().team().shortName()).isEqualTo("WAS");
  }

  @Test
  void overtimeGameEndsInPeriodFive() throws Exception {
    List<Play> plays = Payloads.read(WAS_AT_OKC).plays();

    assertThat(plays).hasSize(538);
    List<Play> periodEnds = plays.stream()
        .filter(p -> p.type().equals(Play.PERIOD_END) || p.type().equals(Play.GAME_END))
        .toList();
    assertThat(periodEnds).extracting(Play::period).containsExactly(1, 2, 3, 4, 5);
    assertThat(periodEnds).extracting(Play::scoreHome).containsExactly(32, 60, 84, 105, 126);
    assertThat(periodEnds).extracting(Play::scoreAway).containsExactly(19, 53, 84, 105, 115);
    Play last = plays.get(plays.size() - 1);
    assertThat(last.type()).isEqualTo(Play.GAME_END);
    assertThat(last.clock()).isEqualTo(Duration.ZERO);
  }

  @Test
  void overtimeStartsWithFiveMinutes() throws Exception {
    List<Play> plays = Payloads.read(WAS_AT_OKC).plays();

    Play overtimeStart = plays.stream()
        .filter(p -> p.period() == 5 && p.type().equals(Play.PERIOD_START))
        .findFirst().orElseThrow();
    assertThat(overtimeStart.clock()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void overtimeClockPastFiveMinutesIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(WAS_AT_OKC);
    ObjectNode overtimeStart = (ObjectNode) tree.at("/g/pd/4/pla/0");
    overtimeStart.put("cl", "06:00");

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid clock 6:00 in period 5 of action 546 of game 0021600270: expected at most"
            + " 5:00");
  }
}
