package dev.courtside.ops;

import dev.courtside.ingest.FeedSpec;
import dev.courtside.ingest.IngestSettings;
import dev.courtside.ingest.RedisFeedSpec;
import ch.qos.logback.classic.LoggerContext;
import dev.courtside.ingest.SyntheticFeed;
import dev.courtside.push.ClientAddresses;
import dev.courtside.push.Limits;
import dev.courtside.push.OriginPolicy;
import dev.courtside.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: {@code java -jar courtside.jar [flags]}.
 *
 * <p>Each setting is taken from, in rising precedence: its default, the {@code --config}
 * file, a {@code COURTSIDE_*} environment variable, and the flag.
 */
@Command(name = "courtside", mixinStandardHelpOptions = true, version = "courtside 0.1.0",
    description = "Live sports scores server: replays or polls game feeds and pushes every"
        + " change to open browsers.")
public final class Main implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  /** Keys a configuration file may contain; each matches a flag without its dashes. */
  static final Set<String> KEYS =
      Set.of("host", "port", "replay", "speed", "loop", "db", "redis", "coalesce-ms",
          "journal-capacity", "synthetic", "synthetic-games", "feed", "redis-feed",
          "ingest-token", "stale-after-ms", "max-ingest-bytes", "allowed-origins",
          "trusted-proxies", "max-connections", "max-connections-per-address",
          "subscribe-rate", "subscribe-burst", "request-rate", "request-burst",
          "header-timeout-ms", "keep-alive-timeout-ms", "max-header-bytes",
          "max-request-line-bytes", "log-format", "tls-cert", "tls-key");

  private static final String VARIABLE_PREFIX = "COURTSIDE_";

  /** Environment variable with the path of the configuration file, like {@code --config}. */
  private static final String CONFIG_VARIABLE = "COURTSIDE_CONFIG";

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file with settings (keys as the flags without dashes).")
  Path config;

  @Option(names = "--feed", paramLabel = "SPEC", description = "Feed to poll, repeatable:"
      + " nba-live (NBA liveData scoreboard, play-by-play and box score), espn-nba (ESPN"
      + " scoreboard and game summaries), a preset with overrides such as"
      + " nba-live,base=http://host:8081,interval=10s,detail-interval=3s, or"
      + " id=NAME,url=URL[,interval=15s][,format=FORMAT][,detail=URL_WITH_{gameId}]."
      + " In the config file and COURTSIDE_FEED, separate feeds with ';'. With a feed and no"
      + " --replay, the bundled games are not replayed. Default: none.")
  List<String> feeds;

  @Option(names = "--redis-feed", paramLabel = "SPEC", description = "Redis pub/sub channel"
      + " to read game JSON from, repeatable: channel=NAME[,uri=redis://HOST:PORT][,feed=ID]"
      + " and, for messages not in a known format, a mapping such as id=$.gameId,"
      + "status=$.status,home=$.home.id,away=$.away.id,home-score=$.home.score,"
      + "away-score=$.away.score[,period=$.period][,clock=$.clock][,league=nba]."
      + " Default: none.")
  List<String> redisFeeds;

  @Option(names = "--ingest-token", paramLabel = "TOKEN", description = "Bearer token that"
      + " POST /ingest/games/{id} and /ingest/batch require; push ingest is off without it."
      + " Prefer COURTSIDE_INGEST_TOKEN, which process listings do not show. Default: off.")
  String ingestToken;

  @Option(names = "--stale-after-ms", paramLabel = "MS", description = "Time a feed may fail"
      + " before its games are marked stale, in milliseconds. Default: 60000.")
  String staleAfterMs;

  @Option(names = "--max-ingest-bytes", paramLabel = "BYTES", description = "Maximum body"
      + " of a push ingest request; a larger one gets 413. Default: "
      + IngestSettings.DEFAULT_MAX_PUSH_BYTES + ".")
  String maxIngestBytes;

  @Option(names = "--allowed-origins", paramLabel = "LIST", description = "Browser origins"
      + " that may open WebSocket, event stream and long-poll connections besides the server's"
      + " own, comma-separated, such as https://scores.example.com; * allows any. Requests"
      + " without an Origin header always pass. Default: same origin only.")
  String allowedOrigins;

  @Option(names = "--trusted-proxies", paramLabel = "LIST", description = "Reverse proxies,"
      + " as IP addresses or CIDR blocks, whose X-Forwarded-For header gives the client address"
      + " for the per-address limits. Default: none.")
  String trustedProxies;

  @Option(names = "--max-connections", paramLabel = "N", description = "Maximum open"
      + " WebSocket, event stream and long-poll connections; more get 503. Default: "
      + ClientLimits.DEFAULT_MAX_CONNECTIONS + ".")
  String maxConnections;

  @Option(names = "--max-connections-per-address", paramLabel = "N", description = "Maximum"
      + " open push connections per client address; more get 429. 0 turns the maximum off."
      + " Default: " + ClientLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS + ".")
  String maxConnectionsPerAddress;

  @Option(names = "--subscribe-rate", paramLabel = "N", description = "Subscribe messages per"
      + " second one WebSocket may send over time; more get a rate-limited error. 0 turns the"
      + " limit off. Default: " + Limits.DEFAULT_SUBSCRIBE_RATE + ".")
  String subscribeRate;

  @Option(names = "--subscribe-burst", paramLabel = "N", description = "Subscribe messages one"
      + " WebSocket may send at once before --subscribe-rate applies. Default: "
      + Limits.DEFAULT_SUBSCRIBE_BURST + ".")
  String subscribeBurst;

  @Option(names = "--request-rate", paramLabel = "N", description = "Requests per second one"
      + " client address may send over time to /api/, /events, /poll, /ws and /ingest/; more"
      + " get 429. 0 turns the limit off. Default: " + ClientLimits.DEFAULT_REQUEST_RATE + ".")
  String requestRate;

  @Option(names = "--request-burst", paramLabel = "N", description = "Requests one client"
      + " address may send at once before --request-rate applies. Default: "
      + ClientLimits.DEFAULT_REQUEST_BURST + ".")
  String requestBurst;

  @Option(names = "--header-timeout-ms", paramLabel = "MS", description = "Time a new"
      + " connection has to send complete request headers before it is closed, in"
      + " milliseconds. Default: " + ClientLimits.DEFAULT_HEADER_TIMEOUT_MS + ".")
  String headerTimeoutMs;

  @Option(names = "--keep-alive-timeout-ms", paramLabel = "MS", description = "Time an HTTP"
      + " connection may stay open with no request in progress, in milliseconds. Streams,"
      + " held long polls and WebSockets are requests in progress. Default: "
      + ClientLimits.DEFAULT_KEEP_ALIVE_TIMEOUT_MS + ".")
  String keepAliveTimeoutMs;

  @Option(names = "--max-header-bytes", paramLabel = "BYTES", description = "Maximum size of"
      + " a request's headers together; larger ones get 431. Default: "
      + ClientLimits.DEFAULT_MAX_HEADER_BYTES + ".")
  String maxHeaderBytes;

  @Option(names = "--max-request-line-bytes", paramLabel = "BYTES", description = "Maximum"
      + " length of a request line (method, URI, version); longer ones get 414. Default: "
      + ClientLimits.DEFAULT_MAX_REQUEST_LINE_BYTES + ".")
  String maxRequestLineBytes;

  @Option(names = "--log-format", paramLabel = "text|json", description = "Log lines as text,"
      + " or as one JSON object per line with timestamp, level, logger, thread, message and"
      + " the message's key=value fields. Default: text.")
  String logFormat;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain,"
      + " server certificate first. With --tls-key, serves HTTPS and WSS and offers HTTP/2"
      + " through ALPN. Default: off (plain HTTP).")
  String tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "Unencrypted PEM private"
      + " key of the --tls-cert certificate (PKCS#8, PKCS#1 RSA or SEC 1 EC). Default: off.")
  String tlsKey;

  @Option(names = "--host", description = "Address to listen on. Default: 0.0.0.0.")
  String host;

  @Option(names = "--port", description = "Port to listen on, 0 for any free one."
      + " Default: 8080.")
  String port;

  @Option(names = "--replay", paramLabel = "PATH", description = "Recorded payload or folder"
      + " of them to replay; the format is recognised from the content. Default: the bundled"
      + " NBA games.")
  String replay;

  @Option(names = "--speed", description = "Replay speed: 1 is real time, 10 ten times"
      + " faster, 0 as fast as possible, then serve the final state without looping."
      + " Default: 10.")
  String speed;

  @Option(names = "--loop", paramLabel = "true|false", description = "Start the replay over"
      + " after the last game ends. Default: true (always false at speed 0).")
  String loop;

  @Option(names = "--db", paramLabel = "URL", description = "JDBC URL of the store:"
      + " jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB. Default: " + Settings.DEFAULT_DB)
  String db;

  @Option(names = "--redis", paramLabel = "URI", description = "Redis URI for running"
      + " several nodes. Default: off.")
  String redis;

  @Option(names = "--coalesce-ms", paramLabel = "MS", description = "Window in which a"
      + " channel's changes merge into one delta, in milliseconds; 0 sends each at once."
      + " Default: 0.")
  String coalesceMs;

  @Option(names = "--journal-capacity", paramLabel = "N", description = "Messages kept per"
      + " channel for clients that resume. Default: 1024.")
  String journalCapacity;

  @Option(names = "--synthetic", paramLabel = "RATE", description = "Run the synthetic feed"
      + " at RATE updates per second across its games, for load tests; the bundled replay"
      + " is off unless --replay is given. POST /admin/synthetic?rate=N from 127.0.0.1"
      + " changes the rate. Default: off.")
  String synthetic;

  @Option(names = "--synthetic-games", paramLabel = "N", description = "Games of the"
      + " synthetic feed. Default: " + Settings.DEFAULT_SYNTHETIC_GAMES + ".")
  String syntheticGames;

  private final Map<String, String> environment;

  Main(Map<String, String> environment) {
    this.environment = environment;
  }

  /** Starts Courtside and blocks until the process is told to stop. */
  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new Main(System.getenv()));
    commandLine.setParameterExceptionHandler((e, ignored) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println(e.getMessage());
      err.println("Run with --help for the flags and their defaults.");
      return 2;
    });
    int exitCode = commandLine.execute(args);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    LogFormat format;
    Settings settings;
    Limits limits;
    try {
      format = logFormat();
      format.apply((LoggerContext) LoggerFactory.getILoggerFactory());
      warnUnknownVariables();
      settings = settings();
      limits = limits();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("Failed to read the configuration file: " + e);
      return 2;
    }
    IngestSettings ingest;
    try {
      ingest = ingestSettings();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    StringBuilder described = new StringBuilder();
    describeStart(settings, limits, format, ingest).forEach((key, value) ->
        described.append(' ').append(key).append('=').append(value));
    log.info("courtside starting{}", described);
    log.info("ingest settings feeds={} redisFeeds={} ingestToken={} staleAfterMs={}",
        ingest.feeds().stream().map(FeedSpec::id).toList(),
        ingest.redisFeeds().stream().map(RedisFeedSpec::feed).toList(),
        ingest.ingestToken() == null ? "off" : "set", ingest.staleAfter().toMillis());
    CourtsideServer server;
    try {
      server = CourtsideServer.start(settings, limits, ingest);
    } catch (StoreException | IllegalStateException | IOException e) {
      // Start-up failures an operator can fix (database in use, port taken, unreadable
      // recordings) get one line, not a stack trace.
      System.err.println("Courtside did not start: " + e.getMessage());
      log.debug("start-up failed", e);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "courtside-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * Returns every effective setting as key and value for the start-up line, with credentials in
   * URLs masked. The feeds and the ingest token have a line of their own.
   */
  static Map<String, String> describeStart(Settings settings, Limits limits, LogFormat format,
      IngestSettings ingest) {
    Map<String, String> values = new LinkedHashMap<>(settings.describe());
    values.put("subscribe-rate", Double.toString(limits.subscribeRate()));
    values.put("subscribe-burst", Integer.toString(limits.subscribeBurst()));
    values.put("max-ingest-bytes", Long.toString(ingest.maxPushBytes()));
    values.put("log-format", format.name().toLowerCase(Locale.ROOT));
    return values;
  }

  /**
   * Merges defaults, the configuration file, the environment and the flags, and checks every
   * value.
   *
   * @throws IllegalArgumentException naming the key, the value and what is allowed
   */
  Settings settings() throws IOException {
    Properties file = readConfig();
    Settings defaults = Settings.defaults();
    String hostValue = ListenHost.parse(pick("host", host, file, defaults.host()));
    int portValue = (int) parseLong("port", pick("port", port, file, "8080"), 0, 65535);
    String replayValue = pick("replay", replay, file, null);
    double speedValue = parseSpeed(pick("speed", speed, file, "10"));
    boolean loopValue = parseBoolean("loop", pick("loop", loop, file, "true")) && speedValue > 0;
    String dbValue = pick("db", db, file, defaults.db());
    if (!dbValue.startsWith("jdbc:h2:") && !dbValue.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("Invalid db '" + Settings.mask(dbValue)
          + "': expected a jdbc:h2: or jdbc:postgresql: URL");
    }
    String redisValue = pick("redis", redis, file, null);
    if (redisValue != null && !redisValue.startsWith("redis://")
        && !redisValue.startsWith("rediss://")) {
      throw new IllegalArgumentException("Invalid redis '" + Settings.mask(redisValue)
          + "': expected a redis:// or rediss:// URI such as redis://127.0.0.1:6379");
    }
    long coalesce = parseLong("coalesce-ms", pick("coalesce-ms", coalesceMs, file, "0"), 0,
        60_000);
    int capacity = (int) parseLong("journal-capacity",
        pick("journal-capacity", journalCapacity, file, "1024"), 1, 1_000_000);
    if (replayValue != null && !Files.exists(Path.of(replayValue))) {
      throw new IllegalArgumentException("Invalid replay '" + replayValue
          + "': no such file or folder");
    }
    String syntheticText = pick("synthetic", synthetic, file, null);
    Double syntheticRate = syntheticText == null ? null
        : (double) parseLong("synthetic", syntheticText, 0, (long) SyntheticFeed.MAX_RATE);
    int games = (int) parseLong("synthetic-games", pick("synthetic-games", syntheticGames, file,
        Integer.toString(Settings.DEFAULT_SYNTHETIC_GAMES)), 1, SyntheticFeed.MAX_GAMES);
    TlsFiles tls = tlsFiles(pick("tls-cert", tlsCert, file, null),
        pick("tls-key", tlsKey, file, null));
    return new Settings(hostValue, portValue, replayValue, speedValue, loopValue, dbValue,
        redisValue, Duration.ofMillis(coalesce), capacity, defaults.shutdownSpread(),
        syntheticRate, games, clientLimits(file), tls);
  }

  /**
   * Merges the client limits from the configuration file, the environment and the flags.
   *
   * @throws IllegalArgumentException naming the key, the value and what is allowed
   */
  private ClientLimits clientLimits(Properties file) {
    ClientLimits defaults = ClientLimits.DEFAULTS;
    OriginPolicy origins = OriginPolicy.parse(pick("allowed-origins", allowedOrigins, file,
        null));
    ClientAddresses proxies = ClientAddresses.parse(pick("trusted-proxies", trustedProxies,
        file, null));
    int max = (int) parseLong("max-connections", pick("max-connections", maxConnections, file,
        Integer.toString(defaults.maxConnections())), 1, 1_000_000);
    int perAddress = (int) parseLong("max-connections-per-address",
        pick("max-connections-per-address", maxConnectionsPerAddress, file,
            Integer.toString(defaults.maxConnectionsPerAddress())), 0, 1_000_000);
    long rate = parseLong("request-rate", pick("request-rate", requestRate, file,
        Long.toString((long) defaults.requestRate())), 0, 1_000_000);
    int burst = (int) parseLong("request-burst", pick("request-burst", requestBurst, file,
        Integer.toString(defaults.requestBurst())), 1, 1_000_000);
    long headerMs = parseLong("header-timeout-ms", pick("header-timeout-ms", headerTimeoutMs,
        file, Long.toString(defaults.headerTimeout().toMillis())), 1000, 600_000);
    long keepAliveMs = parseLong("keep-alive-timeout-ms", pick("keep-alive-timeout-ms",
        keepAliveTimeoutMs, file, Long.toString(defaults.keepAliveTimeout().toMillis())), 1000,
        3_600_000);
    int headerBytes = (int) parseLong("max-header-bytes", pick("max-header-bytes",
        maxHeaderBytes, file, Integer.toString(defaults.maxHeaderBytes())), 1024, 1_048_576);
    int lineBytes = (int) parseLong("max-request-line-bytes", pick("max-request-line-bytes",
        maxRequestLineBytes, file, Integer.toString(defaults.maxRequestLineBytes())), 256,
        1_048_576);
    return new ClientLimits(origins, proxies, max, perAddress, rate, burst,
        Duration.ofMillis(headerMs), Duration.ofMillis(keepAliveMs), headerBytes, lineBytes);
  }

  /**
   * Merges the per-connection limits of the push transports that have settings.
   *
   * @throws IllegalArgumentException naming the key, the value and what is allowed
   */
  Limits limits() throws IOException {
    Properties file = readConfig();
    long rate = parseLong("subscribe-rate", pick("subscribe-rate", subscribeRate, file,
        Integer.toString(Limits.DEFAULT_SUBSCRIBE_RATE)), 0, 100_000);
    int burst = (int) parseLong("subscribe-burst", pick("subscribe-burst", subscribeBurst, file,
        Integer.toString(Limits.DEFAULT_SUBSCRIBE_BURST)), 1, 100_000);
    return Limits.DEFAULTS.withSubscribeRate(rate, burst);
  }

  /**
   * Returns the log format from the configuration file, the environment and the flag.
   *
   * @throws IllegalArgumentException when the value is neither text nor json
   */
  LogFormat logFormat() throws IOException {
    return LogFormat.parse(pick("log-format", logFormat, readConfig(), "text"));
  }

  /**
   * Returns the TLS files, or null when neither is set. The contents are checked when the
   * server starts.
   */
  private static TlsFiles tlsFiles(String cert, String key) {
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      String missing = cert == null ? "tls-cert" : "tls-key";
      String present = cert == null ? "tls-key" : "tls-cert";
      throw new IllegalArgumentException("Missing " + missing + ": " + present + " is set, and"
          + " TLS needs both a PEM certificate (--tls-cert) and its key (--tls-key)");
    }
    return new TlsFiles(readableFile("tls-cert", cert), readableFile("tls-key", key));
  }

  private static Path readableFile(String key, String value) {
    Path path = Path.of(value);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException("Invalid " + key + " '" + value
          + "': no such readable file");
    }
    return path;
  }

  /**
   * Merges the ingest settings from the configuration file, the environment and the flags,
   * and checks every feed.
   *
   * @throws IllegalArgumentException naming the key, the value and what is allowed
   */
  IngestSettings ingestSettings() throws IOException {
    Properties file = readConfig();
    List<FeedSpec> feedSpecs = new ArrayList<>();
    for (String text : pickList("feed", feeds, file)) {
      feedSpecs.add(FeedSpec.parse(text));
    }
    List<RedisFeedSpec> redisSpecs = new ArrayList<>();
    for (String text : pickList("redis-feed", redisFeeds, file)) {
      redisSpecs.add(RedisFeedSpec.parse(text));
    }
    long staleMs = parseLong("stale-after-ms", pick("stale-after-ms", staleAfterMs, file,
        Long.toString(IngestSettings.DEFAULT_STALE_AFTER.toMillis())), 1000, 86_400_000);
    long maxBodyBytes = parseLong("max-ingest-bytes", pick("max-ingest-bytes", maxIngestBytes,
        file, Long.toString(IngestSettings.DEFAULT_MAX_PUSH_BYTES)), 1024, 256L << 20);
    return IngestSettings.none().withFeeds(feedSpecs).withRedisFeeds(redisSpecs)
        .withToken(pick("ingest-token", ingestToken, file, null))
        .withStaleAfter(Duration.ofMillis(staleMs)).withMaxPushBytes(maxBodyBytes);
  }

  /** Returns the flag's values, else the ';'-separated environment or file value. */
  private List<String> pickList(String key, List<String> flag, Properties file) {
    if (flag != null && !flag.isEmpty()) {
      return flag;
    }
    String joined = pick(key, null, file, "");
    List<String> values = new ArrayList<>();
    for (String value : joined.split(";")) {
      if (!value.isBlank()) {
        values.add(value.trim());
      }
    }
    return values;
  }

  private Properties readConfig() throws IOException {
    Properties properties = new Properties();
    Path path = config;
    if (path == null && environment.get(CONFIG_VARIABLE) != null) {
      path = Path.of(environment.get(CONFIG_VARIABLE));
    }
    if (path == null) {
      return properties;
    }
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException("Invalid config '" + path
          + "': no such readable file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      properties.load(in);
    }
    for (String key : properties.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("Unknown key '" + key + "' in " + path
            + ": expected one of " + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    return properties;
  }

  /**
   * Logs one WARN line naming the {@code COURTSIDE_*} environment variables that match no
   * setting. It does not stop the start, because other tools may use the same prefix.
   */
  private void warnUnknownVariables() {
    List<String> unknown = unknownVariables(environment);
    if (!unknown.isEmpty()) {
      log.warn("unknown environment variables ignored names={} known={}",
          String.join(",", unknown), String.join(",", knownVariables()));
    }
  }

  /** Returns the sorted names of {@code COURTSIDE_*} variables that match no setting. */
  static List<String> unknownVariables(Map<String, String> environment) {
    List<String> known = knownVariables();
    return environment.keySet().stream()
        .filter(name -> name.startsWith(VARIABLE_PREFIX))
        .filter(name -> !known.contains(name))
        .sorted()
        .toList();
  }

  /** Returns the sorted environment variables Courtside reads: one per key, and the config. */
  static List<String> knownVariables() {
    List<String> known = new ArrayList<>();
    known.add(CONFIG_VARIABLE);
    KEYS.forEach(key -> known.add(variableName(key)));
    known.sort(null);
    return known;
  }

  /** Returns the environment variable of a key: COURTSIDE_COALESCE_MS for coalesce-ms. */
  static String variableName(String key) {
    return VARIABLE_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private String pick(String key, String flag, Properties file, String fallback) {
    if (flag != null) {
      return flag;
    }
    String fromEnvironment = environment.get(variableName(key));
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    return file.getProperty(key, fallback);
  }

  private static long parseLong(String key, String text, long min, long max) {
    try {
      long value = Long.parseLong(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new IllegalArgumentException("Invalid " + key + " '" + text
        + "': expected a whole number from " + min + " to " + max);
  }

  private static double parseSpeed(String text) {
    try {
      double value = Double.parseDouble(text.trim());
      if (value >= 0 && value <= 10_000) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new IllegalArgumentException("Invalid speed '" + text
        + "': expected 0 (as fast as possible) or a factor up to 10000, such as 1 or 10");
  }

  private static boolean parseBoolean(String key, String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException("Invalid " + key + " '" + text
        + "': expected true or false");
  }
}
