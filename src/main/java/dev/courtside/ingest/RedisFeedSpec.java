package dev.courtside.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Redis pub/sub channel to read game snapshots from, as configured with
 * {@code --redis-feed}.
 *
 * <p>Without a mapping, each message is a payload in any format {@link Adapters} reads (such
 * as Courtside's game JSON). With a mapping, each message is a JSON object whose fields the
 * mapping names with paths such as {@code $.home.score} or {@code $.teams[0].id}; a value that
 * does not start with {@code $} is a constant, such as {@code league=nba}.
 *
 * @param feed feed id in logs, the quarantine and counters
 * @param channel the Redis channel to subscribe to
 * @param uri Redis URI, or null to use the server's {@code --redis} or
 *     {@code redis://127.0.0.1:6379}
 * @param mapping message field by snapshot field; empty when messages are adapter payloads
 */
public record RedisFeedSpec(String feed, String channel, String uri,
    Map<String, String> mapping) {

  /** Snapshot fields a mapping may set. */
  public static final List<String> FIELDS = List.of("id", "league", "start", "status",
      "period", "clock", "home", "away", "home-name", "away-name", "home-score", "away-score",
      "correction");

  /** Fields a mapping must set. */
  public static final List<String> REQUIRED = List.of("id", "status", "home", "away",
      "home-score", "away-score");

  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9:._-]{1,100}");

  private static final Pattern FIELD_SEPARATOR = Pattern.compile(",(?=[a-z-]+=)");

  public RedisFeedSpec {
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(channel, "channel");
    mapping = Map.copyOf(mapping);
  }

  /**
   * Parses a {@code --redis-feed} value such as {@code channel=scores,id=$.gameId,
   * status=$.status,home=$.home.id,away=$.away.id,home-score=$.home.score,
   * away-score=$.away.score}, optionally with {@code feed=NAME} and {@code uri=redis://...}.
   *
   * @throws IllegalArgumentException naming the value and what is expected
   */
  public static RedisFeedSpec parse(String text) {
    String feed = null;
    String channel = null;
    String uri = null;
    Map<String, String> mapping = new LinkedHashMap<>();
    for (String part : FIELD_SEPARATOR.split(text == null ? "" : text.trim())) {
      int equals = part.indexOf('=');
      if (equals < 0) {
        throw invalid(text, "'" + part + "' is not a key=value pair");
      }
      String key = part.substring(0, equals).trim();
      String value = part.substring(equals + 1).trim();
      switch (key) {
        case "channel" -> channel = value;
        case "feed" -> feed = value;
        case "uri" -> uri = value;
        default -> {
          if (!FIELDS.contains(key)) {
            throw invalid(text, "unknown key '" + key + "', expected channel, feed, uri or one"
                + " of " + String.join(", ", FIELDS));
          }
          mapping.put(key, value);
        }
      }
    }
    if (channel == null || !CHANNEL.matcher(channel).matches()) {
      throw invalid(text, "channel is missing or invalid, expected 1 to 100 of"
          + " A-Z a-z 0-9 : . _ -");
    }
    if (!mapping.isEmpty()) {
      for (String required : REQUIRED) {
        if (!mapping.containsKey(required)) {
          throw invalid(text, "mapping lacks " + required + ", expected all of "
              + String.join(", ", REQUIRED));
        }
      }
    }
    return new RedisFeedSpec(feed == null ? "redis:" + channel : feed, channel, uri, mapping);
  }

  private static IllegalArgumentException invalid(String text, String problem) {
    String shown = text == null ? "" : text.replaceAll("//[^/@]+@", "//***@");
    return new IllegalArgumentException("Invalid redis-feed '" + shown + "': " + problem);
  }
}
