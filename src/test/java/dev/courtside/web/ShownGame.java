package dev.courtside.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of one game as a page shows them: the raw status from {@code data-status} and the
 * rendered text ({@code innerText}) of the {@code data-role} elements. The scoreboard card and the game page header
 * use the same roles, so one reader serves both.
 *
 * @param status the protocol status, such as {@code live} or {@code final}
 * @param statusText the status label, such as {@code Final/OT}
 * @param period the period label, empty unless the game is in progress
 * @param clock the clock text, empty unless the game is live
 * @param awayScore the away score text, empty before the game starts
 * @param homeScore the home score text, empty before the game starts
 */
record ShownGame(String status, String statusText, String period, String clock,
    String awayScore, String homeScore) {

  private static final Map<String, String> STATUS_LABELS = Map.of(
      "scheduled", "Scheduled",
      "live", "Live",
      "halftime", "Halftime",
      "final", "Final",
      "postponed", "Postponed",
      "suspended", "Suspended",
      "cancelled", "Cancelled");

  private static final List<String> UPCOMING = List.of("scheduled", "postponed");

  private static final String READ_SCRIPT = """
      const root = document.querySelector(arguments[0]);
      if (root === null) {
        return null;
      }
      const text = (role) =>
        root.querySelector(`[data-role="${role}"]`)?.innerText ?? null;
      return [root.dataset.status ?? null, text('status'), text('period'),
        text('clock'), text('away-score'), text('home-score')];
      """;

  /**
   * Reads the game shown under the element that {@code rootSelector} selects, in one script
   * call so that all fields come from the same moment. Returns null when that element is
   * missing. A field whose element is missing reads as null.
   */
  static ShownGame read(Browser browser, String rootSelector) {
    @SuppressWarnings("unchecked")
    List<String> fields = (List<String>) browser.script(READ_SCRIPT, rootSelector);
    if (fields == null) {
      return null;
    }
    return new ShownGame(fields.get(0), fields.get(1), fields.get(2), fields.get(3),
        fields.get(4), fields.get(5));
  }

  /**
   * Returns what a page should show for a game of the REST API, with the labels of the page's
   * format.js: {@code Q1} to {@code Q4}, {@code OT}, {@code 2OT}, a clock of {@code M:SS} or
   * {@code 0:SS.t}.
   */
  static ShownGame expected(JsonNode game) {
    String status = game.get("status").asText();
    int regulation = game.path("regulationPeriods").asInt(4);
    int period = game.path("period").asInt(0);
    boolean inProgress = status.equals("live") || status.equals("suspended");

    String statusText = STATUS_LABELS.getOrDefault(status, status);
    if (status.equals("final") && period > regulation) {
      statusText += "/" + periodLabel(period, regulation);
    }
    String periodText = inProgress ? periodLabel(period, regulation) : "";
    String clockText = status.equals("live") && game.hasNonNull("clock")
        ? clockLabel(game.get("clock").asDouble())
        : "";
    boolean showScore = !UPCOMING.contains(status);
    return new ShownGame(status, statusText, periodText, clockText,
        showScore ? game.at("/away/score").asText() : "",
        showScore ? game.at("/home/score").asText() : "");
  }

  private static String periodLabel(int period, int regulation) {
    if (period < 1) {
      return "";
    }
    if (period <= regulation) {
      String prefix = switch (regulation) {
        case 2 -> "H";
        case 4 -> "Q";
        default -> "P";
      };
      return prefix + period;
    }
    int overtime = period - regulation;
    return overtime == 1 ? "OT" : overtime + "OT";
  }

  private static String clockLabel(double seconds) {
    if (seconds >= 60) {
      long whole = (long) Math.floor(seconds);
      return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
    long tenths = (long) Math.floor(seconds * 10 + 1e-6);
    return String.format(Locale.ROOT, "0:%02d.%d", tenths / 10, tenths % 10);
  }
}
