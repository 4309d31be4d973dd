package dev.courtside.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One polled feed as configured: a list URL (a scoreboard) polled every {@code interval}, and
 * optional detail URL templates polled every {@code detailInterval} for each game the list
 * shows live, with {@code {gameId}} replaced by the game id.
 *
 * @param id feed id used in logs, the quarantine and counters
 * @param url the list URL, {@code http(s)://} or {@code file:}
 * @param interval time between two polls of the list
 * @param detailUrls detail URL templates, possibly none
 * @param detailInterval time between two polls of one game's detail
 * @param format the adapter format the list must have, or null to accept any known format
 */
public record FeedSpec(String id, String url, Duration interval, List<String> detailUrls,
    Duration detailInterval, String format) {

  /** Default NBA liveData host. */
  public static final String NBA_BASE = "https://cdn.nba.com";

  /** Default ESPN site API host. */
  public static final String ESPN_BASE = "https://site.api.espn.com";

  /** Shortest interval accepted, so a typo cannot hammer a provider. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Splits {@code a=1,b=2} at each comma that starts a new {@code key=}. */
  private static final Pattern FIELD_SEPARATOR = Pattern.compile(",(?=[a-z-]+=)");

  public FeedSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    detailUrls = List.copyOf(detailUrls);
  }

  /** Returns the {@code nba-live} preset: the liveData scoreboard, play-by-play and box score. */
  public static FeedSpec nbaLive(String base) {
    String root = trimSlash(base) + "/static/json/liveData";
    return new FeedSpec("nba-live", root + "/scoreboard/todaysScoreboard_00.json",
        Duration.ofSeconds(15),
        List.of(root + "/playbyplay/playbyplay_{gameId}.json",
            root + "/boxscore/boxscore_{gameId}.json"),
        Duration.ofSeconds(5), NbaScoreboardAdapter.FORMAT);
  }

  /** Returns the {@code espn-nba} preset: the ESPN NBA scoreboard and game summaries. */
  public static FeedSpec espnNba(String base) {
    String root = trimSlash(base) + "/apis/site/v2/sports/basketball/nba";
    return new FeedSpec("espn-nba", root + "/scoreboard", Duration.ofSeconds(15),
        List.of(root + "/summary?event={gameId}"), Duration.ofSeconds(5),
        EspnScoreboardAdapter.FORMAT);
  }

  /**
   * Parses a {@code --feed} value: a preset name ({@code nba-live}, {@code espn-nba}), a preset
   * with overrides ({@code nba-live,base=http://127.0.0.1:8081,interval=10s}), or a feed of
   * its own ({@code id=scores,url=https://host/board.json,interval=5s,format=nba-scoreboard,
   * detail=https://host/game/{gameId}.json,detail-interval=3s}). Several {@code detail=}
   * templates are separated by {@code |}.
   *
   * @throws IllegalArgumentException naming the value and what is expected
   */
  public static FeedSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("Invalid feed '': expected nba-live, espn-nba or"
          + " id=NAME,url=URL[,interval=5s][,format=FORMAT][,detail=URL][,detail-interval=5s]");
    }
    String[] parts = FIELD_SEPARATOR.split(text.trim());
    Map<String, String> fields = new LinkedHashMap<>();
    String preset = null;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      int equals = part.indexOf('=');
      if (equals < 0) {
        if (i != 0) {
          throw invalid(text, "'" + part + "' is not a key=value pair");
        }
        preset = part.toLowerCase(Locale.ROOT);
        continue;
      }
      fields.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
    }
    FeedSpec spec = base(text, preset, fields);
    for (Map.Entry<String, String> field : fields.entrySet()) {
      spec = spec.with(text, field.getKey(), field.getValue());
    }
    if (spec.url().isBlank()) {
      throw invalid(text, "url is missing");
    }
    return spec;
  }

  private static FeedSpec base(String text, String preset, Map<String, String> fields) {
    String base = fields.remove("base");
    if (base != null) {
      checkUrl(text, "base", base, false);
    }
    if (preset == null) {
      if (base != null) {
        throw invalid(text, "base= applies to the presets nba-live and espn-nba only");
      }
      if (!fields.containsKey("id")) {
        throw invalid(text, "id is missing");
      }
      return new FeedSpec("", "", Duration.ofSeconds(15), List.of(), Duration.ofSeconds(5),
          null);
    }
    return switch (preset) {
      case "nba-live" -> nbaLive(base == null ? NBA_BASE : base);
      case "espn-nba" -> espnNba(base == null ? ESPN_BASE : base);
      default -> throw invalid(text, "unknown preset '" + preset
          + "', expected nba-live or espn-nba");
    };
  }

  private FeedSpec with(String text, String key, String value) {
    switch (key) {
      case "id":
        if (!ID.matcher(value).matches()) {
          throw invalid(text, "id '" + value + "' must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        return new FeedSpec(value, url, interval, detailUrls, detailInterval, format);
      case "url":
        checkUrl(text, key, value, true);
        return new FeedSpec(id, value, interval, detailUrls, detailInterval, format);
      case "interval":
        return new FeedSpec(id, url, duration(text, key, value), detailUrls, detailInterval,
            format);
      case "detail-interval":
        return new FeedSpec(id, url, interval, detailUrls, duration(text, key, value), format);
      case "format":
        if (!value.isEmpty() && !Adapters.allFormats().contains(value)) {
          throw invalid(text, "unknown format '" + value + "', expected one of "
              + String.join(", ", Adapters.allFormats()));
        }
        return new FeedSpec(id, url, interval, detailUrls, detailInterval,
            value.isEmpty() ? null : value);
      case "detail":
        List<String> templates = new ArrayList<>();
        for (String template : value.split("\\|")) {
          if (!template.contains("{gameId}")) {
            throw invalid(text, "detail URL '" + template + "' must contain {gameId}");
          }
          checkUrl(text, key, template, true);
          templates.add(template);
        }
        return new FeedSpec(id, url, interval, templates, detailInterval, format);
      default:
        throw invalid(text, "unknown key '" + key + "', expected id, url, base, interval,"
            + " detail, detail-interval or format");
    }
  }

  /**
   * Checks that the value of {@code key} is an absolute {@code http://} or {@code https://}
   * URL with a host, or, where {@code fileAllowed}, a {@code file:} URL. A {@code {gameId}}
   * placeholder counts as a game id.
   */
  private static void checkUrl(String text, String key, String url, boolean fileAllowed) {
    if (fileAllowed && url.regionMatches(true, 0, "file:", 0, 5)) {
      return;
    }
    if (!isHttpUrl(url.replace("{gameId}", "0"))) {
      String expected = fileAllowed ? "an absolute http:// or https:// URL with a host, or a"
          + " file: URL" : "an absolute http:// or https:// URL with a host";
      throw invalid(text, key + " '" + Urls.redact(url) + "' is not " + expected
          + ", such as https://cdn.nba.com");
    }
  }

  private static boolean isHttpUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      return false;
    }
    boolean http = scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
    // A name with an underscore is a registry authority to URI, so getHost() alone would
    // reject it.
    String authority = uri.getRawAuthority();
    return http && authority != null && !authority.isBlank() && !authority.startsWith(":");
  }

  /** Parses {@code 500ms}, {@code 5s}, {@code 2m} or a plain number of seconds. */
  static Duration duration(String text, String key, String value) {
    String lower = value.trim().toLowerCase(Locale.ROOT);
    Duration parsed;
    try {
      if (lower.endsWith("ms")) {
        parsed = Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
      } else if (lower.endsWith("s")) {
        parsed = Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
      } else if (lower.endsWith("m")) {
        parsed = Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1)));
      } else {
        parsed = Duration.ofSeconds(Long.parseLong(lower));
      }
    } catch (NumberFormatException e) {
      throw invalid(text, key + " '" + value + "' is not a duration such as 500ms, 5s or 2m");
    }
    if (parsed.compareTo(MIN_INTERVAL) < 0) {
      throw invalid(text, key + " '" + value + "' is below the minimum of 1s");
    }
    return parsed;
  }

  private static IllegalArgumentException invalid(String text, String problem) {
    return new IllegalArgumentException("Invalid feed '" + Urls.redact(text) + "': " + problem);
  }

  private static String trimSlash(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** Returns the detail URLs of one game. */
  public List<String> detailUrlsOf(String gameId) {
    return detailUrls.stream().map(template -> template.replace("{gameId}", gameId)).toList();
  }
}
