package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Adapter for the ESPN site API scoreboard ({@code /apis/site/v2/sports/basketball/nba/
 * scoreboard}): one snapshot per event. An empty {@code events} list is a valid empty batch.
 */
public final class EspnScoreboardAdapter implements FeedAdapter {

  /** Format name of this adapter. */
  public static final String FORMAT = "espn-scoreboard";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean recognizes(JsonNode root) {
    return root.path("events").isArray() && root.path("leagues").isArray();
  }

  @Override
  public FeedBatch adapt(JsonNode root, String source) {
    FeedBatchBuilder batch = new FeedBatchBuilder(FORMAT, source);
    int index = 0;
    for (JsonNode event : root.path("events")) {
      String eventId = ProviderValues.text(event.get("id"));
      String record = eventId == null ? "event at index " + index : "event " + eventId;
      index++;
      if (eventId == null) {
        batch.reject(record, "Missing id in " + record + ": expected an ESPN event id");
        continue;
      }
      try {
        JsonNode competition = event.path("competitions").path(0);
        JsonNode status = competition.has("status") ? competition.get("status")
            : event.path("status");
        JsonNode date = event.has("date") ? event.get("date") : competition.get("date");
        Instant start = ProviderValues.instant(date, "date", record);
        batch.addSnapshot(EspnGameState.read(competition, status, start, eventId, record));
      } catch (InvalidRecordException e) {
        batch.reject(record, e.getMessage());
      }
    }
    return batch.build();
  }
}
