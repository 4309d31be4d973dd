package dev.courtside.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One side of a game: the team, its score and its points per period.
 *
 * @param team the team playing this side
 * @param score total points
 * @param periods points scored in each period, index 0 for period 1; periods not yet played
 *     are absent rather than zero
 */
public record Side(Team team, int score, List<Integer> periods) {

  public Side {
    Objects.requireNonNull(team, "team");
    periods = List.copyOf(periods);
  }

  /** Returns a side with no points yet. */
  public static Side scoreless(Team team) {
    return new Side(team, 0, List.of());
  }

  /** Returns this side with another team description and the same scores. */
  public Side withTeam(Team newTeam) {
    return new Side(newTeam, score, periods);
  }

  /**
   * Returns this side with its total set to {@code newScore} during {@code period}: the
   * points of that period become whatever the earlier periods do not account for.
   */
  public Side withScoreInPeriod(int newScore, int period) {
    List<Integer> updated = new ArrayList<>(periods);
    while (updated.size() < period) {
      updated.add(0);
    }
    int earlier = 0;
    for (int i = 0; i < period - 1; i++) {
      earlier += updated.get(i);
    }
    updated.set(period - 1, newScore - earlier);
    while (updated.size() > period && updated.get(updated.size() - 1) == 0) {
      updated.remove(updated.size() - 1);
    }
    return new Side(team, newScore, updated);
  }
}
