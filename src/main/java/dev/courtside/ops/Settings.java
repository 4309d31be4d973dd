package dev.courtside.ops;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The effective configuration of one Courtside process, after file, environment and flags
 * were merged and checked.
 *
 * @param host address to listen on
 * @param port port to listen on; 0 picks a free one
 * @param replay recording file or folder to replay, or null for the bundled games
 * @param speed replay speed: 1 real time, 0 as fast as possible without looping
 * @param loop whether the replay starts over after the last game ends
 * @param db JDBC URL of the store
 * @param redis Redis URI, or null when running alone
 * @param coalesce window in which a channel's changes merge into one delta; zero sends each
 * @param journalCapacity messages kept per channel for resume
 * @param shutdownSpread longest delay a client is told to wait before reconnecting after a
 *     shutdown
 * @param synthetic updates per second of the synthetic feed, or null when it is off
 * @param syntheticGames number of games of the synthetic feed
 * @param clientLimits origins, connection maximums, request rates and HTTP timeouts that
 *     protect the server from abusive clients
 * @param tls certificate and key files for HTTPS and WSS, or null to serve plain HTTP
 */
public record Settings(String host, int port, String replay, double speed, boolean loop,
    String db, String redis, Duration coalesce, int journalCapacity, Duration shutdownSpread,
    Double synthetic, int syntheticGames, ClientLimits clientLimits, TlsFiles tls) {

  /** Default number of synthetic games. */
  public static final int DEFAULT_SYNTHETIC_GAMES = 100;

  /** Creates settings with the synthetic feed off and the default client limits. */
  public Settings(String host, int port, String replay, double speed, boolean loop, String db,
      String redis, Duration coalesce, int journalCapacity, Duration shutdownSpread) {
    this(host, port, replay, speed, loop, db, redis, coalesce, journalCapacity, shutdownSpread,
        null, DEFAULT_SYNTHETIC_GAMES, ClientLimits.DEFAULTS, null);
  }

  /** Creates settings with the default client limits that serve plain HTTP. */
  public Settings(String host, int port, String replay, double speed, boolean loop, String db,
      String redis, Duration coalesce, int journalCapacity, Duration shutdownSpread,
      Double synthetic, int syntheticGames) {
    this(host, port, replay, speed, loop, db, redis, coalesce, journalCapacity, shutdownSpread,
        synthetic, syntheticGames, ClientLimits.DEFAULTS, null);
  }

  /** Default JDBC URL: an H2 file under ./data. */
  public static final String DEFAULT_DB = "jdbc:h2:file:./data/courtside";

  /** Returns the defaults: port 8080, the bundled games at speed 10 in a loop, H2 file. */
  public static Settings defaults() {
    return new Settings("0.0.0.0", 8080, null, 10, true, DEFAULT_DB, null, Duration.ZERO, 1024,
        Duration.ofSeconds(5));
  }

  public Settings withPort(int newPort) {
    return new Settings(host, newPort, replay, speed, loop, db, redis, coalesce,
        journalCapacity, shutdownSpread, synthetic, syntheticGames, clientLimits, tls);
  }

  public Settings withReplay(String newReplay, double newSpeed, boolean newLoop) {
    return new Settings(host, port, newReplay, newSpeed, newLoop, db, redis, coalesce,
        journalCapacity, shutdownSpread, synthetic, syntheticGames, clientLimits, tls);
  }

  /** Returns these settings listening on 127.0.0.1 only. */
  public Settings withHostLoopback() {
    return new Settings("127.0.0.1", port, replay, speed, loop, db, redis, coalesce,
        journalCapacity, shutdownSpread, synthetic, syntheticGames, clientLimits, tls);
  }

  public Settings withDb(String newDb) {
    return new Settings(host, port, replay, speed, loop, newDb, redis, coalesce,
        journalCapacity, shutdownSpread, synthetic, syntheticGames, clientLimits, tls);
  }

  public Settings withCoalesce(Duration newCoalesce) {
    return new Settings(host, port, replay, speed, loop, db, redis, newCoalesce,
        journalCapacity, shutdownSpread, synthetic, syntheticGames, clientLimits, tls);
  }

  public Settings withJournalCapacity(int newCapacity) {
    return new Settings(host, port, replay, speed, loop, db, redis, coalesce, newCapacity,
        shutdownSpread, synthetic, syntheticGames, clientLimits, tls);
  }

  /** Returns these settings with the synthetic feed at {@code rate} over {@code games}. */
  public Settings withSynthetic(Double rate, int games) {
    return new Settings(host, port, replay, speed, loop, db, redis, coalesce, journalCapacity,
        shutdownSpread, rate, games, clientLimits, tls);
  }

  /** Returns these settings with other client limits. */
  public Settings withClientLimits(ClientLimits newLimits) {
    return new Settings(host, port, replay, speed, loop, db, redis, coalesce, journalCapacity,
        shutdownSpread, synthetic, syntheticGames, newLimits, tls);
  }

  /** Returns these settings serving HTTPS and WSS with {@code files}, or plain HTTP for null. */
  public Settings withTls(TlsFiles files) {
    return new Settings(host, port, replay, speed, loop, db, redis, coalesce, journalCapacity,
        shutdownSpread, synthetic, syntheticGames, clientLimits, files);
  }

  /** Returns the settings as key and value, with credentials in URLs masked, for the log. */
  public Map<String, String> describe() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("host", host);
    values.put("port", Integer.toString(port));
    String noReplay = synthetic == null ? "(bundled games)" : "(off)";
    values.put("replay", replay == null ? noReplay : replay);
    values.put("speed", Double.toString(speed));
    values.put("loop", Boolean.toString(loop));
    values.put("db", mask(db));
    values.put("redis", redis == null ? "(off)" : mask(redis));
    values.put("coalesce-ms", Long.toString(coalesce.toMillis()));
    values.put("journal-capacity", Integer.toString(journalCapacity));
    values.put("synthetic", synthetic == null ? "(off)" : synthetic.toString());
    values.put("synthetic-games", Integer.toString(syntheticGames));
    values.put("allowed-origins", clientLimits.allowedOrigins().describe());
    values.put("trusted-proxies", clientLimits.trustedProxies().describe());
    values.put("max-connections", Integer.toString(clientLimits.maxConnections()));
    values.put("max-connections-per-address",
        Integer.toString(clientLimits.maxConnectionsPerAddress()));
    values.put("request-rate", Double.toString(clientLimits.requestRate()));
    values.put("request-burst", Integer.toString(clientLimits.requestBurst()));
    values.put("header-timeout-ms", Long.toString(clientLimits.headerTimeout().toMillis()));
    values.put("keep-alive-timeout-ms",
        Long.toString(clientLimits.keepAliveTimeout().toMillis()));
    values.put("max-header-bytes", Integer.toString(clientLimits.maxHeaderBytes()));
    values.put("max-request-line-bytes", Integer.toString(clientLimits.maxRequestLineBytes()));
    values.put("tls-cert", tls == null ? "(off)" : tls.cert().toString());
    values.put("tls-key", tls == null ? "(off)" : tls.key().toString());
    return values;
  }

  /** Masks passwords in URLs: {@code password=...} parameters and {@code user:pass@} parts. */
  static String mask(String url) {
    if (url == null) {
      return null;
    }
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("//([^/:@]*):[^/@]*@", "//$1:***@");
  }
}
