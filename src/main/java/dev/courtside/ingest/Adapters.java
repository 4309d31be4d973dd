package dev.courtside.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

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
      new StatsPlayByPlayAdapter(),
      new CourtsideGameAdapter());

  private static final NbaGameInfoPageAdapter GAME_INFO_PAGE = new NbaGameInfoPageAdapter();

  /** Matches the title of a CDN edge error page, such as Akamai's "Access Denied". */
  private static final Pattern EDGE_ERROR_TITLE =
      Pattern.compile("(?i)\\s*(Access Denied|Forbidden)\\s*");

  /** Matches the edge reference an Akamai error page ends with: #18.375e6acb.1785926870.... */
  private static final Pattern EDGE_REFERENCE = Pattern.compile("Reference (#[0-9a-f.]+)");

  private Adapters() {}

  /** Returns every registered adapter, in the order they are tried. */
  public static List<FeedAdapter> all() {
    return ALL;
  }

  /** Returns the format names of the registered JSON adapters. */
  public static List<String> formats() {
    return ALL.stream().map(FeedAdapter::format).collect(Collectors.toList());
  }

  /** Returns the format names of every adapter, the HTML page adapter included. */
  public static List<String> allFormats() {
    List<String> formats = new ArrayList<>(formats());
    formats.add(NbaGameInfoPageAdapter.FORMAT);
    return List.copyOf(formats);
  }

  /**
   * Parses a payload and converts it with the first adapter that recognizes it.
   *
   * @param source file name or URL of the payload (without credentials), used in messages
   * @throws FeedFormatException when the payload is not valid JSON (an HTML error page
   *     included) or no adapter recognizes it. HTML is read only when it is an nba.com
   *     gameinfo page.
   */
  public static FeedBatch read(String source, byte[] payload) throws FeedFormatException {
    if (startsWithMarkup(payload)) {
      return readHtml(source, payload);
    }
    JsonNode root = parse(source, payload);
    for (FeedAdapter adapter : ALL) {
      if (adapter.recognizes(root)) {
        return adapter.adapt(root, source);
      }
    }
    throw new FeedFormatException(source, "Failed to read " + source
        + ": unknown format, expected one of " + String.join(", ", formats()), null);
  }

  private static FeedBatch readHtml(String source, byte[] payload)
      throws FeedFormatException {
    String html = new String(payload, StandardCharsets.UTF_8);
    if (NbaGameInfoPageAdapter.recognizes(html)) {
      return GAME_INFO_PAGE.adapt(html, source);
    }
    Document page = Jsoup.parse(html);
    Matcher title = EDGE_ERROR_TITLE.matcher(page.title());
    if (title.matches()) {
      Matcher reference = EDGE_REFERENCE.matcher(page.text());
      String where = reference.find() ? " (reference " + reference.group(1) + ")" : "";
      throw new FeedFormatException(source, "Failed to read " + source + ": the provider's"
          + " edge served an \"" + title.group(1) + "\" HTML page" + where + " in place of"
          + " data, so it blocks this client. Keep the last state and retry later", null);
    }
    throw new FeedFormatException(source, "Failed to read " + source
        + ": the payload is HTML, not JSON. Check that the URL is a JSON endpoint and that"
        + " the provider did not serve an error page in its place", null);
  }

  private static JsonNode parse(String source, byte[] payload) throws FeedFormatException {
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
