package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Play;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Adapter for the ESPN site API game summary ({@code .../nba/summary?event={id}}): one snapshot
 * from {@code header} and the plays of {@code plays}.
 */
public final class EspnSummaryAdapter implements FeedAdapter {

  /** Format name of this adapter. */
  public static final String FORMAT = "espn-summary";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root.path("header").path("competitions").isArray()
        && root.path("header").path("id").isTextual();
  }

  @Override
  public FeedBatch adapt(JsonNode root, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    String gameId = root.path("header").path("id").asText();
    String record = "event " + gameId;
    try {
      JsonNode competition = root.path("header").path("competitions").path(0);
      Instant start = ProviderValues.instant(competition.get("date"), "date", record);
      batch.addSnapshot(EspnGameState.read(competition, competition.path("status"), start,
          gameId, record));
    } catch (InvalidRecordException e) {
      batch.reject(record, e.getMessage());
    }

    readPlays(root.path("plays"), gameId, batch);
    return batch.build();
  }

  /** Reads the plays in sequence order, carrying the last known score over omitted ones. */
  private static void readPlays(JsonNode nodes, String gameId, FeedBatchBuilder batch) {
    List<SequencedPlay> sequenced = new ArrayList<>();
    int index = 0;
    for (JsonNode node : nodes) {
      String record = "play " + node.path("sequenceNumber").asText("at index " + index)
          + " of event " + gameId;
      index++;
      try {
        long sequence = ProviderValues.integer(node.get("sequenceNumber"), "sequenceNumber",
            record);
        sequenced.add(new SequencedPlay(node, sequence, record));
      } catch (InvalidRecordException e) {
        batch.reject(record, e.getMessage());
      }
    }
    sequenced.sort(Comparator.comparingLong(SequencedPlay::sequence));

    int lastHome = 0;
    int lastAway = 0;
    for (SequencedPlay entry : sequenced) {
      Play play;
      try {
        play = readPlay(entry, gameId, lastHome, lastAway);
      } catch (InvalidRecordException e) {
        batch.reject(entry.record(), e.getMessage());
        continue;
      }
      if (batch.addPlay(play, EspnGameState.LEAGUE)) {
        lastHome = play.scoreHome();
        lastAway = play.scoreAway();
      }
    }
  }

  private static Play readPlay(SequencedPlay entry, String gameId, int lastHome,
      int lastAway) {
    JsonNode node = entry.node();
    String record = entry.record();
    int period = ProviderValues.integer(node.path("period").get("number"), "period.number",
        record);
    Duration clock = ProviderValues.minutesClock(node.path("clock").get("displayValue"),
        "clock.displayValue", record);
    Integer home = ProviderValues.optionalInteger(node.get("homeScore"), "homeScore", record);
    Integer away = ProviderValues.optionalInteger(node.get("awayScore"), "awayScore", record);
    // ESPN inserts late plays (substitutions, timeouts) into the sequence with the score of
    // their own game time, older than the score at that point of the sequence. A play that is
    // not a scoring play cannot change the score, so it takes the last score instead.
    if (!node.path("scoringPlay").asBoolean(true)) {
      home = null;
      away = null;
    }
    Instant time = ProviderValues.instant(node.get("wallclock"), "wallclock", record);
    String teamId = ProviderValues.text(node.path("team").get("id"));
    return new Play(gameId, entry.sequence(), entry.sequence(), period, clock, teamId,
        type(node.path("type").path("text").asText("")), node.path("text").asText(""),
        home == null ? lastHome : home, away == null ? lastAway : away, time, false);
  }

  private static String type(String text) {
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("End Period")) {
      return Play.PERIOD_END;
    }
    if (trimmed.equalsIgnoreCase("End Game")) {
      return Play.GAME_END;
    }
    if (trimmed.equalsIgnoreCase("Start Period") || trimmed.startsWith("Start of")) {
      return Play.PERIOD_START;
    }
    return ProviderValues.playType(trimmed);
  }

  private record SequencedPlay(JsonNode node, long sequence, String record) {}
}
