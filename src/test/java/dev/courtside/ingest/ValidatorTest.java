package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courtside.model.Game;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Play;
import dev.courtside.model.Side;
import dev.courtside.model.Team;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorTest {

  private static final Team BKN = new Team("nba", "1610612751", "Brooklyn Nets", "BKN", "");
  private static final Team GSW = new Team("nba", "1610612744", "Golden State Warriors", "GSW",
      "");

  @Test
  void validLiveGameIsAccepted() {
    assertThat(Validator.check(live(2, Duration.ofMinutes(5)))).isEmpty();
  }

  @Test
  void scheduledGameIsAccepted() {
    Game game = Game.scheduled("g1", "nba", null, BKN, GSW, 4);

    assertThat(Validator.check(game)).isEmpty();
  }

  @Test
  void periodOutsideRangeIsRejected() {
    assertThat(Validator.check(live(15, null)))
        .contains("Invalid period 15 in game g1: expected at most 14");
    assertThat(Validator.check(live(-1, null)))
        .contains("Invalid period -1 in game g1: expected 0 or more");
  }

  @Test
  void startedGameInPeriodZeroIsRejected() {
    Game game = live(0, null).withStatus(GameStatus.FINAL);

    assertThat(Validator.check(game))
        .contains("Invalid period 0 in game g1 with status final: expected 1 or more");
  }

  @Test
  void clockLongerThanPeriodIsRejected() {
    assertThat(Validator.check(live(1, Duration.ofMinutes(13))))
        .contains("Invalid clock 13:00 in period 1 of game g1: expected at most 12:00");
    assertThat(Validator.check(live(5, Duration.ofMinutes(6))))
        .contains("Invalid clock 6:00 in period 5 of game g1: expected at most 5:00");
    assertThat(Validator.check(live(5, Duration.ofMinutes(5)))).isEmpty();
  }

  @Test
  void negativeClockIsRejected() {
    assertThat(Validator.check(live(1, Duration.ofMillis(-1500))))
        .contains("Invalid clock -0:01.50 in game g1: expected 0:00 or more");
  }

  @Test
  void sameTeamOnBothSidesIsRejected() {
    Game game = Game.scheduled("g1", "nba", null, BKN, BKN, 4);

    assertThat(Validator.check(game)).contains("Invalid teams in game g1: home and away are"
        + " both team 1610612751, expected two different teams");
  }

  @Test
  void emptyTeamIdIsRejected() {
    Team unnamed = new Team("nba", "", "", "", "");
    Game game = Game.scheduled("g1", "nba", null, BKN, unnamed, 4);

    assertThat(Validator.check(game))
        .contains("Missing away team id in game g1: expected a provider team id");
  }

  @Test
  void periodSumDifferentFromTotalIsRejected() {
    Game game = live(2, null).withSides(new Side(BKN, 64, List.of(40, 23)),
        new Side(GSW, 45, List.of(25, 20)));

    assertThat(Validator.check(game)).contains("Invalid score 64 for home team 1610612751 in"
        + " game g1: expected the sum of its period scores [40, 23], which is 63");
  }

  @Test
  void negativePeriodScoreIsRejected() {
    Game game = live(2, null).withSides(new Side(BKN, 63, List.of(40, 23)),
        new Side(GSW, 45, List.of(50, -5)));

    assertThat(Validator.check(game)).contains("Invalid score -5 in period 2 for away team"
        + " 1610612744 in game g1: expected 0 or more");
  }

  @Test
  void playChecksPeriodScoreAndClock() {
    assertThat(Validator.check(play(0, Duration.ZERO, 0, 0), "nba"))
        .contains("Invalid period 0 in action 412 of game g1: expected 1 or more");
    assertThat(Validator.check(play(15, Duration.ZERO, 0, 0), "nba"))
        .contains("Invalid period 15 in action 412 of game g1: expected at most 14");
    assertThat(Validator.check(play(1, Duration.ZERO, 0, -1), "nba"))
        .contains("Invalid away score -1 in action 412 of game g1: expected 0 or more");
    assertThat(Validator.check(play(1, Duration.ofMinutes(13), 0, 0), "nba"))
        .contains("Invalid clock 13:00 in period 1 of action 412 of game g1: expected at most"
            + " 12:00");
    assertThat(Validator.check(play(1, null, 0, 0), "nba")).isEmpty();
  }

  @Test
  void countUpClockIsNotChecked() {
    assertThat(Validator.check(play(2, Duration.ofMinutes(93), 1, 0), "soccer")).isEmpty();
  }

  private static Game live(int period, Duration clock) {
    return Game.scheduled("g1", "nba", null, BKN, GSW, 4).withStatus(GameStatus.LIVE)
        .withPeriodAndClock(period, clock);
  }

  private static Play play(int period, Duration clock, int home, int away) {
    return new Play("g1", 412, 412, period, clock, null, "2pt", "", home, away, null, false);
  }
}
