package dev.courtside.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Json;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The registry of feed adapters: parses a payload and hands it to the adapter that recognizes
 * its format from the content, never from the file name or URL.
 */
public final class Adapters {

  private static final List<FeedAdapter> ALL = List.of(
      new NbaPlayByPlayAdapter(),
      new NbaBoxScoreAdapter(),
      new NbaScoreboardAdapter(),
      new NbaGamePageAdapter(),
      new EspnScoreboardAdapter(),
      new EspnSummaryAdapter(),
      new DataNbaMobilePlayByPlayAdapter(),
      new StatsPlayByPlayAdapter());

  private Adapters() {}

  /** Returns every registered adapter, in the order they are tried. */
  public static List<FeedAdapter> all() {
    return ALL;
  }

  /** Returns the format names of the registered adapters. */
  public static List<String> formats() {
    return ALL.stream().map(FeedAdapter::format).collect(Collectors.toList());
  }

  /**
   * Parses a payload and converts it with the first adapter that recognizes it.
   *
   * @param source file name or URL of the payload (without credentials), used in messages
   * @throws FeedFormatException when the payload is not valid JSON (an HTML error page
   *     included) or no adapter recognizes it
   */
  public static FeedBatch read(String source, byte[] payload) throws FeedFormatException {
    JsonNode root = parse(source, payload);
    for (FeedAdapter adapter : ALL) {
      if (adapter.recognizes(root)) {
        return adapter.adapt(root, source);
      }
    }
    throw new FeedFormatException(source, "Failed to read " + source
        + ": unknown format, expected one of " + String.join(", ", formats()), null);
  }

  private static JsonNode parse(String source, byte[] payload) throws FeedFormatException {
    if (startsWithMarkup(payload)) {
      throw new FeedFormatException(source, "Failed to read " + source
          + ": the payload is HTML, not JSON. Check that the URL is a JSON endpoint and that"
          + " the provider did not serve an error page in its place", null);
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      String where = location == null ? ""
          : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      throw new FeedFormatException(source, "Failed to read " + source + ": not valid JSON"
          + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new FeedFormatException(source, "Failed to read " + source + ": " + e.getMessage(),
          e);
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new FeedFormatException(source, "Failed to read " + source
          + ": unknown format, expected a JSON object of one of " + String.join(", ", formats()),
          null);
    }
    return root;
  }

  /** Returns true when the first character after any byte order mark and blanks is '<'. */
  private static boolean startsWithMarkup(byte[] payload) {
    int i = 0;
    if (payload.length >= 3 && (payload[0] & 0xFF) == 0xEF && (payload[1] & 0xFF) == 0xBB
        && (payload[2] & 0xFF) == 0xBF) {
      i = 3;
    }
    while (i < payload.length && Character.isWhitespace(payload[i])) {
      i++;
    }
    return i < payload.length && payload[i] == '<';
  }
}
