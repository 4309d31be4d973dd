package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Play;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EspnSummaryAdapterTest {

  private static final String DAL_AT_HOU = "espn/nba_summary_401468642_DAL-at-HOU_2022-12-23.json";

  @Test
  void summaryHeaderIsFinalSnapshot() throws Exception {
    FeedBatch batch = Payloads.read(DAL_AT_HOU);

    assertThat(batch.format()).isEqualTo("espn-summary");
    assertThat(batch.rejections()).isEmpty();
    assertThat(batch.snapshots()).hasSize(1);
    Game game = batch.snapshots().get(0);
    assertThat(game.id()).isEqualTo("401468642");
    assertThat(game.status()).isEqualTo(GameStatus.FINAL);
    assertThat(game.period()).isEqualTo(4);
    assertThat(game.start()).isEqualTo(Instant.parse("2022-12-24T01:00:00Z"));
    assertThat(game.home().team().id()).isEqualTo("10");
    assertThat(game.home().team().name()).isEqualTo("Houston Rockets");
    assertThat(game.home().team().shortName()).isEqualTo("HOU");
    assertThat(game.home().score()).isEqualTo(106);
    assertThat(game.home().periods()).containsExactly(24, 26, 34, 22);
    assertThat(game.away().team().id()).isEqualTo("6");
    assertThat(game.away().team().name()).isEqualTo("Dallas Mavericks");
    assertThat(game.away().score()).isEqualTo(112);
    assertThat(game.away().periods()).containsExactly(30, 31, 20, 31);
  }

  @Test
  void playsCarryScoresClocksAndMarkers() throws Exception {
    List<Play> plays = Payloads.read(DAL_AT_HOU).plays();

    assertThat(plays).hasSize(469);
    assertThat(plays).extracting(Play::order).isSorted();
    Play first = plays.get(0);
    assertThat(first.action()).isEqualTo(4);
    assertThat(first.type()).isEqualTo("jumpball");
    assertThat(first.clock()).isEqualTo(Duration.ofMinutes(12));
    assertThat(first.teamId()).isEqualTo("6");
    assertThat(first.time()).isEqualTo(Instant.parse("2022-12-24T01:11:02Z"));
    Play last = plays.get(plays.size() - 1);
    assertThat(last.action()).isEqualTo(693);
    assertThat(last.type()).isEqualTo(Play.GAME_END);
    assertThat(last.clock()).isEqualTo(Duration.ZERO);
    assertThat(last.scoreHome()).isEqualTo(106);
    assertThat(last.scoreAway()).isEqualTo(112);

    List<Play> periodEnds = plays.stream().filter(p -> p.type().equals(Play.PERIOD_END))
        .toList();
    assertThat(periodEnds).extracting(Play::scoreHome).containsExactly(24, 50, 84, 106);
    assertThat(periodEnds).extracting(Play::scoreAway).containsExactly(30, 61, 81, 112);
  }

  @Test
  void providerTypesBecomeDashedLowerCase() throws Exception {
    List<Play> plays = Payloads.read(DAL_AT_HOU).plays();

    assertThat(plays).extracting(Play::type)
        .contains("bad-pass-turnover", "free-throw-1-of-2", "coach-s-challenge-overturned")
        .doesNotContain("Bad Pass\nTurnover");
  }

  @Test
  void decimalClockInLastMinuteIsRead() throws Exception {
    List<Play> plays = Payloads.read(DAL_AT_HOU).plays();

    assertThat(plays).extracting(Play::clock).contains(Duration.ofMillis(12_100));
  }

  @Test
  void latePlayKeepsCurrentScore() throws Exception {
    FeedBatch batch = Payloads.read(DAL_AT_HOU);

    Play substitution = NbaPlayByPlayAdapterTest.play(batch, 356);
    assertThat(substitution.period()).isEqualTo(2);
    assertThat(substitution.clock()).isEqualTo(Duration.ofSeconds(87));
    assertThat(substitution.scoreHome()).isEqualTo(50);
    assertThat(substitution.scoreAway()).isEqualTo(61);
  }

  @Test
  void nonAsciiNamesArePreserved() throws Exception {
    ObjectNode tree = Payloads.tree(DAL_AT_HOU);
    ((ObjectNode) tree.at("/plays/0")).put("text", "Luka Dončić vs. Alperen Şengün");
    ((ObjectNode) tree.at("/header/competitions/0/competitors/0/team"))
        .put("displayName", "Houston Rockets – Toyota Center");

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.plays().get(0).description()).isEqualTo("Luka Dončić vs. Alperen Şengün");
    assertThat(batch.snapshots().get(0).home().team().name())
        .isEqualTo("Houston Rockets – Toyota Center");
  }

  @Test
  void startOfPeriodTextMapsToPeriodStart() throws Exception {
    ObjectNode tree = Payloads.tree(DAL_AT_HOU);
    ObjectNode type = (ObjectNode) tree.at("/plays/0/type");
    type.put("text", "Start of the 1st Quarter");

    Play play = Payloads.read("altered.json", tree).plays().get(0);

    assertThat(play.type()).isEqualTo(Play.PERIOD_START);
  }

  @Test
  void missingScoresCarryForward() throws Exception {
    ObjectNode tree = Payloads.tree(DAL_AT_HOU);
    JsonNode plays = tree.get("plays");
    ObjectNode last = (ObjectNode) plays.get(plays.size() - 1);
    last.remove("homeScore");
    last.remove("awayScore");

    List<Play> adapted = Payloads.read("altered.json", tree).plays();

    Play end = adapted.get(adapted.size() - 1);
    assertThat(end.scoreHome()).isEqualTo(106);
    assertThat(end.scoreAway()).isEqualTo(112);
  }

  @Test
  void unreadableClockIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(DAL_AT_HOU);
    ((ObjectNode) tree.at("/plays/0/clock")).put("displayValue", "twelve");

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.plays()).hasSize(468);
    assertThat(batch.rejections()).containsExactly(new Rejection("altered.json",
        "play 4 of event 401468642",
        "Invalid clock.displayValue 'twelve' in play 4 of event 401468642: expected a clock such"
            + " as 11:42, 00:00.0 or 0.0"));
  }
}
