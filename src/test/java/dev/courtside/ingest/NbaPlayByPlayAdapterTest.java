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

class NbaPlayByPlayAdapterTest {

  private static final String GSW_AT_BKN = "nba-livedata/playbyplay_0022000001.json";
  private static final String ORL_AT_BOS = "nba-livedata/playbyplay_0022000180.json";

  @Test
  void headerInfersHomeAndAwayTeams() throws Exception {
    FeedBatch batch = Payloads.read(GSW_AT_BKN);

    assertThat(batch.format()).isEqualTo("nba-playbyplay");
    assertThat(batch.snapshots()).isEmpty();
    assertThat(batch.headers()).hasSize(1);
    Game header = batch.headers().get(0);
    assertThat(header.id()).isEqualTo("0022000001");
    assertThat(header.league()).isEqualTo("nba");
    assertThat(header.status()).isEqualTo(GameStatus.SCHEDULED);
    assertThat(header.start()).isNull();
    assertThat(header.home().team().id()).isEqualTo("1610612751");
    assertThat(header.home().team().name()).isEqualTo("BKN");
    assertThat(header.home().team().shortName()).isEqualTo("BKN");
    assertThat(header.away().team().id()).isEqualTo("1610612744");
    assertThat(header.away().team().shortName()).isEqualTo("GSW");
    assertThat(header.home().score()).isZero();
    assertThat(header.away().score()).isZero();
  }

  @Test
  void playsFollowOrderNumber() throws Exception {
    List<Play> plays = Payloads.read(GSW_AT_BKN).plays();

    assertThat(plays).hasSize(610);
    assertThat(plays).extracting(Play::order).isSorted();
    assertThat(plays.get(0).action()).isEqualTo(2);
    assertThat(plays.get(0).type()).isEqualTo(Play.PERIOD_START);
    assertThat(plays.get(0).clock()).isEqualTo(Duration.ofMinutes(12));
    assertThat(plays.get(0).time()).isEqualTo(Instant.parse("2020-12-23T00:06:19Z"));
    Play last = plays.get(plays.size() - 1);
    assertThat(last.type()).isEqualTo(Play.GAME_END);
    assertThat(last.scoreHome()).isEqualTo(125);
    assertThat(last.scoreAway()).isEqualTo(99);
    assertThat(last.clock()).isEqualTo(Duration.ZERO);
  }

  @Test
  void periodMarkersMapToCanonicalTypes() throws Exception {
    List<Play> plays = Payloads.read(GSW_AT_BKN).plays();

    assertThat(plays).filteredOn(p -> p.type().equals(Play.PERIOD_START)).hasSize(4);
    assertThat(plays).filteredOn(p -> p.type().equals(Play.GAME_END)).hasSize(1);
    List<Play> periodEnds = plays.stream().filter(p -> p.type().equals(Play.PERIOD_END))
        .toList();
    assertThat(periodEnds).extracting(Play::period).containsExactly(1, 2, 3, 4);
    assertThat(periodEnds).extracting(Play::scoreHome).containsExactly(40, 63, 99, 125);
    assertThat(periodEnds).extracting(Play::scoreAway).containsExactly(25, 45, 71, 99);
    assertThat(plays).extracting(Play::type).contains("2pt", "3pt", "freethrow", "rebound");
  }

  @Test
  void playTeamIsNullOnNeutralActions() throws Exception {
    List<Play> plays = Payloads.read(GSW_AT_BKN).plays();

    assertThat(plays.get(0).teamId()).isNull();
    assertThat(plays.get(1).teamId()).isEqualTo("1610612751");
  }

  @Test
  void secondRecordingEndsAtProviderFinal() throws Exception {
    FeedBatch batch = Payloads.read(ORL_AT_BOS);

    assertThat(batch.plays()).hasSize(537);
    assertThat(batch.rejections()).isEmpty();
    Game header = batch.headers().get(0);
    assertThat(header.home().team().id()).isEqualTo("1610612738");
    assertThat(header.home().team().shortName()).isEqualTo("BOS");
    assertThat(header.away().team().id()).isEqualTo("1610612753");
    assertThat(header.away().team().shortName()).isEqualTo("ORL");
    Play last = batch.plays().get(batch.plays().size() - 1);
    assertThat(last.scoreHome()).isEqualTo(124);
    assertThat(last.scoreAway()).isEqualTo(97);
  }

  @Test
  void emptyScoreCarriesLastScoreForward() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    ObjectNode periodEnd = action(tree, 170);
    assertThat(periodEnd.path("actionType").asText()).isEqualTo("period");
    periodEnd.put("scoreHome", "");
    periodEnd.put("scoreAway", "");

    FeedBatch batch = Payloads.read("altered.json", tree);

    Play play = play(batch, 170);
    assertThat(play.scoreHome()).isEqualTo(40);
    assertThat(play.scoreAway()).isEqualTo(25);
    assertThat(batch.rejections()).isEmpty();
  }

  @Test
  void periodZeroIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    action(tree, 4).put("period", 0);

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.plays()).hasSize(609);
    assertThat(batch.rejections()).containsExactly(new Rejection("altered.json",
        "action 4 of game 0022000001",
        "Invalid period 0 in action 4 of game 0022000001: expected 1 or more"));
  }

  @Test
  void clockPastPeriodLengthIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    action(tree, 4).put("clock", "PT13M00.00S");

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid clock 13:00 in period 1 of action 4 of game 0022000001: expected at most 12:00");
  }

  @Test
  void negativeScoreIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    action(tree, 12).put("scoreHome", "-2");

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid home score -2 in action 12 of game 0022000001: expected 0 or more");
    assertThat(batch.plays()).hasSize(609);
  }

  @Test
  void unreadableClockIsRejected() throws Exception {
    ObjectNode tree = Payloads.tree(GSW_AT_BKN);
    action(tree, 4).put("clock", "soon");

    FeedBatch batch = Payloads.read("altered.json", tree);

    assertThat(batch.rejections()).extracting(Rejection::reason).containsExactly(
        "Invalid clock 'soon' in action 4 of game 0022000001: expected an ISO-8601 duration"
            + " such as PT11M42.00S");
  }

  static ObjectNode action(JsonNode tree, int actionNumber) {
    for (JsonNode action : tree.path("game").path("actions")) {
      if (action.path("actionNumber").asInt() == actionNumber) {
        return (ObjectNode) action;
      }
    }
    throw new AssertionError("No action " + actionNumber + " in the recording");
  }

  static Play play(FeedBatch batch, long action) {
    return batch.plays().stream().filter(p -> p.action() == action).findFirst()
        .orElseThrow(() -> new AssertionError("No play " + action + " in the batch"));
  }
}
