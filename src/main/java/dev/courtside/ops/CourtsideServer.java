package dev.courtside.ops;

import dev.courtside.api.GamesApi;
import dev.courtside.api.IngestApi;
import dev.courtside.api.QuarantineApi;
import dev.courtside.bus.Bus;
import dev.courtside.bus.LocalBus;
import dev.courtside.bus.RedisBus;
import dev.courtside.engine.ChannelLog;
import dev.courtside.engine.GameEngine;
import dev.courtside.ingest.IngestSettings;
import dev.courtside.ingest.LiveFeeds;
import dev.courtside.ingest.FeedLease;
import dev.courtside.ingest.LocalLease;
import dev.courtside.ingest.Recording;
import dev.courtside.ingest.RedisLease;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.ingest.SyntheticFeed;
import dev.courtside.model.Message;
import dev.courtside.push.Admission;
import dev.courtside.push.ClientError;
import dev.courtside.push.ConnectionLimiter;
import dev.courtside.push.FanOut;
import dev.courtside.push.HttpErrors;
import dev.courtside.push.Limits;
import dev.courtside.push.PollTransport;
import dev.courtside.push.SessionMonitor;
import dev.courtside.push.SseTransport;
import dev.courtside.push.WebSocketTransport;
import dev.courtside.store.ChannelJournal;
import dev.courtside.store.GameStore;
import dev.courtside.store.JdbcGameStore;
import dev.courtside.store.JdbcQuarantineStore;
import dev.courtside.store.MemoryJournal;
import dev.courtside.store.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Courtside: store, engine, fan-out, transports, REST and pages on one port, and
 * the replay feed that drives them.
 */
public final class CourtsideServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CourtsideServer.class);

  /** Time to live of the feed lease: a dead holder's feeds move to another node after it. */
  private static final Duration FEED_LEASE_TTL = Duration.ofSeconds(10);

  private final Settings settings;
  private final Vertx vertx;
  private final GameStore store;
  private final Bus bus;
  private final RedisBus redis;
  private final ScheduledExecutorService timer;
  private final GameEngine engine;
  private final FanOut fanOut;
  private final SessionMonitor monitor;
  private final ReplayFeed replay;
  private final SyntheticFeed synthetic;
  private final IngestSettings ingest;
  private final JdbcQuarantineStore quarantine;
  private final LiveFeeds liveFeeds;
  private final FeedLease feedLease;
  private final Metrics metrics = new Metrics();
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final ConnectionLimiter connections;
  private final Admission admission;
  private final RequestRateLimiter requestRate;
  private final ConnectionTimeouts timeouts;
  private volatile boolean closed;

  private CourtsideServer(Settings settings, Limits limits, List<Recording> recordings,
      RedisKeys redisKeys, IngestSettings ingest) {
    this.settings = settings;
    this.ingest = ingest;
    this.store = JdbcGameStore.open(settings.db());
    this.quarantine = JdbcQuarantineStore.open(settings.db());
    this.vertx = Vertx.vertx();
    this.bus = new LocalBus();
    this.redis = settings.redis() == null ? null : new RedisBus(settings.redis(), redisKeys,
        RedisBus.Options.defaults(settings.journalCapacity()));
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "courtside-coalesce");
      thread.setDaemon(true);
      return thread;
    });
    ChannelJournal journal = redis == null ? new MemoryJournal(settings.journalCapacity())
        : redis.journal();
    ChannelLog channels = redis == null
        ? new ChannelLog(journal, bus, settings.coalesce(), timer)
        : new ChannelLog(journal, bus, redis, settings.coalesce(), timer);
    this.engine = new GameEngine(channels, store);
    if (redis == null) {
      engine.recover();
    } else {
      startRedis();
    }
    this.fanOut = new FanOut(channels, journal, bus);
    this.monitor = new SessionMonitor(vertx, limits);
    this.replay = recordings == null ? null
        : new ReplayFeed(recordings, engine, settings.speed(), settings.loop(),
            Duration.ofSeconds(5));
    this.synthetic = settings.synthetic() == null ? null
        : new SyntheticFeed(engine, settings.syntheticGames(), settings.synthetic(),
            Clock.systemUTC());
    // With Redis, one lease covers all live feeds, so one node of the cluster polls them and
    // another takes over within the lease's time to live when it dies.
    this.feedLease = redis == null ? new LocalLease()
        : new RedisLease(redis.vertx(), redis.client(), redisKeys.lease("feeds"),
            redis.nodeId(), FEED_LEASE_TTL);
    this.liveFeeds = new LiveFeeds(vertx, ingest, engine, quarantine, settings.redis(),
        Clock.systemUTC(), feedLease::held);
    ClientLimits clientLimits = settings.clientLimits();
    this.connections = new ConnectionLimiter(clientLimits.maxConnections(),
        clientLimits.maxConnectionsPerAddress());
    this.admission = new Admission(clientLimits.allowedOrigins(), connections,
        clientLimits.trustedProxies());
    this.requestRate = clientLimits.requestRate() <= 0 ? null
        : new RequestRateLimiter(clientLimits.requestRate(), clientLimits.requestBurst(),
            clientLimits.trustedProxies(), RequestRateLimiter.MAX_ADDRESSES);
    this.timeouts = new ConnectionTimeouts(vertx, clientLimits.headerTimeout(),
        clientLimits.keepAliveTimeout());
  }

  /**
   * Starts a server and returns once it listens.
   *
   * @throws IOException when the recordings to replay cannot be read
   * @throws IllegalStateException when the port cannot be bound
   */
  public static CourtsideServer start(Settings settings) throws IOException {
    return start(settings, Limits.DEFAULTS);
  }

  /** Starts a server with the given connection limits and returns once it listens. */
  public static CourtsideServer start(Settings settings, Limits limits) throws IOException {
    return start(settings, limits, IngestSettings.none());
  }

  /**
   * Starts a server with live feeds and push ingest and returns once it listens. Live feeds
   * replace the bundled games unless {@code --replay} names recordings.
   */
  public static CourtsideServer start(Settings settings, Limits limits, IngestSettings ingest)
      throws IOException {
    List<Recording> recordings;
    if (settings.replay() != null) {
      recordings = Recording.fromPath(Path.of(settings.replay()));
    } else {
      // The synthetic feed replaces the bundled games, so load tests see only its games.
      boolean otherFeeds = settings.synthetic() != null || ingest.hasLiveFeeds();
      recordings = otherFeeds ? null : Recording.bundled();
    }
    return startWith(settings, limits, recordings, new RedisKeys(RedisKeys.DEFAULT_PREFIX),
        ingest);
  }

  /** Starts a server that replays nothing: games arrive only through its engine. */
  public static CourtsideServer startWithoutFeeds(Settings settings, Limits limits) {
    return startWith(settings, limits, null);
  }

  /**
   * Starts a server that replays nothing and, with {@code --redis}, shares its channels under
   * the given key prefix, so tests and deployments can share one Redis server.
   */
  public static CourtsideServer startWithoutFeeds(Settings settings, Limits limits,
      RedisKeys redisKeys) {
    return startWith(settings, limits, null, redisKeys, IngestSettings.none());
  }

  /**
   * Starts a server that replays nothing, with the live feeds and push ingest of
   * {@code ingest}.
   */
  public static CourtsideServer startWithoutReplay(Settings settings, Limits limits,
      IngestSettings ingest) {
    return startWith(settings, limits, null, new RedisKeys(RedisKeys.DEFAULT_PREFIX), ingest);
  }

  /**
   * Starts a server that replays nothing, with the live feeds of {@code ingest} and, with
   * {@code --redis}, its keys under the given prefix.
   */
  public static CourtsideServer startWithoutReplay(Settings settings, Limits limits,
      IngestSettings ingest, RedisKeys redisKeys) {
    return startWith(settings, limits, null, redisKeys, ingest);
  }

  /** Returns true while this node holds the lease that lets it poll the live feeds. */
  public boolean pollsFeeds() {
    return feedLease.held();
  }

  private static CourtsideServer startWith(Settings settings, Limits limits,
      List<Recording> recordings) {
    return startWith(settings, limits, recordings, new RedisKeys(RedisKeys.DEFAULT_PREFIX),
        IngestSettings.none());
  }

  private static CourtsideServer startWith(Settings settings, Limits limits,
      List<Recording> recordings, RedisKeys redisKeys, IngestSettings ingest) {
    CourtsideServer courtside = new CourtsideServer(settings, limits, recordings, redisKeys,
        ingest);
    try {
      courtside.listen(limits);
    } catch (RuntimeException e) {
      courtside.close();
      throw e;
    }
    if (courtside.replay != null) {
      courtside.replay.start();
    }
    if (courtside.synthetic != null) {
      courtside.synthetic.start();
    }
    if (ingest.hasLiveFeeds()) {
      courtside.feedLease.start();
      courtside.liveFeeds.start();
    }
    return courtside;
  }

  private void listen(Limits limits) {
    RouterTraceFilter.install();
    Router router = Router.router(vertx);
    // The first three routes run for every request, in this order.
    router.route().order(-3).handler(timeouts::onRequest);
    router.route().order(-2).handler(CourtsideServer::addSecurityHeaders);
    if (requestRate != null) {
      router.route().order(-1).handler(requestRate::handle);
    }
    // In a cluster the store is the one all nodes write, so it has the other nodes' games.
    new GamesApi(engine, redis == null ? null : store).mount(router);
    new QuarantineApi(quarantine, liveFeeds.gate()).mount(router);
    new IngestApi(liveFeeds.gate(), ingest.ingestToken(), ingest.maxPushBytes()).mount(router);
    WebSocketTransport webSocket = new WebSocketTransport(fanOut, monitor, limits, admission);
    SseTransport sse = new SseTransport(fanOut, monitor, limits, admission);
    PollTransport poll = new PollTransport(fanOut, monitor, limits, admission);
    router.get(WebSocketTransport.PATH).handler(webSocket::handle);
    router.get(SseTransport.PATH).handler(sse::handle);
    router.get(PollTransport.PATH).handler(poll::handle);
    bindMetrics();
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject()
        .put("status", "up")));
    new StatusApi(new StatusApi.Sources(store::healthy,
        () -> bus.healthy() && (redis == null || redis.healthy()),
        redis == null ? "local" : "redis", () -> closed, () -> engine.games().size(), monitor,
        fanOut, liveFeeds)).mount(router);
    if (synthetic != null) {
      router.route("/admin/synthetic").handler(this::handleSyntheticAdmin);
    }
    router.get("/games/:id").handler(ctx -> ctx.response()
        .putHeader("Cache-Control", "no-cache")
        .sendFile("web/game.html"));
    router.route("/*").handler(StaticHandler.create("web")
        .setCachingEnabled(true)
        .setMaxAgeSeconds(300)
        .setIndexPage("index.html"));

    HttpServerOptions options = serverOptions(limits);
    if (settings.tls() != null) {
      // ALPN offers h2 first. Browsers still open WebSockets on HTTP/1.1 connections, because
      // Vert.x does not announce WebSockets over HTTP/2 (RFC 8441).
      options.setSsl(true)
          .setKeyCertOptions(settings.tls().load(vertx))
          .setUseAlpn(true)
          .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
    }
    // One server instance per core, each in a verticle of its own and so on its own event
    // loop, all sharing the port: Vert.x hands new connections to them in turn, so delivery
    // uses every core. Port 0 becomes -1, which Vert.x shares as one random free port.
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    options.setPort(settings.port() == 0 ? -1 : settings.port());
    // No WebSocket handler: upgrade requests go through the router like any other request, so
    // /ws can reject one with a status and a JSON error before it upgrades.
    Supplier<VerticleBase> listener = () -> new VerticleBase() {
      @Override
      public Future<?> start() {
        HttpServer instance = vertx.createHttpServer(options)
            .connectionHandler(timeouts::onConnection)
            .requestHandler(request -> {
              if (request.authority() == null) {
                rejectWithoutHost(request);
                return;
              }
              router.handle(request);
            });
        servers.add(instance);
        return instance.listen();
      }
    };
    if (requestRate != null) {
      long sweepMs = Math.max(1000, requestRate.idleAfter().toMillis());
      vertx.setPeriodic(sweepMs, ignored -> requestRate.evictIdle(System.nanoTime()));
    }
    try {
      vertx.deployVerticle(listener, new DeploymentOptions().setInstances(instances))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting to listen", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("Cannot listen on " + settings.host() + ":"
          + settings.port() + ": " + cause.getMessage(), cause);
    }
    monitor.start();
    String replayed = settings.replay() == null ? "bundled games" : settings.replay();
    log.info("courtside listening address={}://{}:{}/ replay={} speed={} games={}"
            + " synthetic={} db={}", scheme(), settings.host(), port(), replay == null ? "off" : replayed,
        settings.speed(), replay == null ? 0 : replay.gameCount(),
        synthetic == null ? "off" : synthetic.rate() + "/s over " + synthetic.gameCount()
            + " games", Settings.mask(settings.db()));
  }

  /**
   * Ends a request that has no valid Host header with 400, as RFC 9112 section 3.2 requires.
   * Vert.x Web 5.0 cannot route such a request: it logs an ERROR and never responds.
   */
  private static void rejectWithoutHost(HttpServerRequest request) {
    log.debug("request rejected remote={} status=400 code=invalid-host",
        request.remoteAddress());
    // Vert.x closes the connection after a response with "Connection: close". Limitation: an
    // HTTP/1.1 client that keeps its side open keeps the socket until the header timeout.
    request.response().putHeader("Connection", "close");
    HttpErrors.send(request.response(), 400, new ClientError("invalid-host",
        "Missing or invalid Host header: expected host or host:port", false));
  }

  private HttpServerOptions serverOptions(Limits limits) {
    ClientLimits clientLimits = settings.clientLimits();
    return new HttpServerOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        .setCompressionSupported(true)
        // An "Upgrade: h2c" request (the JDK HTTP client sends one by default) stalled
        // WebSocket delivery on its event loop for seconds; browsers never use h2c.
        .setHttp2ClearTextEnabled(false)
        // Netty's decoder closes a connection whose frame passes this cap with status 1009, so
        // it sits well above the limit the WebSocket transport checks and rejects with an error.
        .setMaxWebSocketFrameSize(limits.maxMessageBytes() * 4)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // Vert.x responds to a request past these with 431 or 414 and closes the connection.
        .setMaxHeaderSize(clientLimits.maxHeaderBytes())
        .setMaxInitialLineLength(clientLimits.maxRequestLineBytes())
        // ConnectionTimeouts closes idle connections instead, because this idle timeout would
        // also cut long polls held without traffic.
        .setIdleTimeout(0);
  }

  /**
   * Handles {@code /admin/synthetic} for clients on a loopback address: GET returns the feed's
   * rate and counters, POST with {@code ?rate=N} sets the rate in updates per second.
   */
  private void handleSyntheticAdmin(RoutingContext ctx) {
    if (!isLoopback(ctx.request().remoteAddress().hostAddress())) {
      sendAdminError(ctx, 403, "forbidden",
          "Forbidden: /admin/synthetic accepts requests from a loopback address only");
      return;
    }
    HttpMethod method = ctx.request().method();
    if (method.equals(HttpMethod.POST)) {
      String rate = ctx.request().getParam("rate");
      try {
        synthetic.setRate(Double.parseDouble(rate == null ? "" : rate.trim()));
      } catch (IllegalArgumentException e) {
        sendAdminError(ctx, 400, "invalid-rate", "Invalid rate '" + rate
            + "': expected 0 to " + (long) SyntheticFeed.MAX_RATE + " updates per second");
        return;
      }
    } else if (!method.equals(HttpMethod.GET)) {
      sendAdminError(ctx, 405, "method-not-allowed", "Method " + method
          + " is not allowed: expected GET or POST");
      return;
    }
    ctx.json(new JsonObject().put("rate", synthetic.rate()).put("games", synthetic.gameCount())
        .put("published", synthetic.published()).put("skipped", synthetic.skipped())
        .put("failed", synthetic.failed()));
  }

  private static boolean isLoopback(String address) {
    try {
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void sendAdminError(RoutingContext ctx, int status, String code,
      String message) {
    log.warn("synthetic admin request rejected remote={} status={} code={}",
        ctx.request().remoteAddress(), status, code);
    ctx.response().setStatusCode(status);
    ctx.json(new JsonObject().put("error", new JsonObject().put("code", code)
        .put("message", message).put("retry", false)));
  }

  /**
   * Connects to Redis and waits until every shared channel is loaded. A node whose Redis does
   * not answer in time starts anyway and reports not ready until the bus is healthy.
   */
  private void startRedis() {
    // The engine does not load the store's games in a cluster, because every starting node
    // would publish the stored state of each game over the newer one in Redis. The REST API
    // reads the other nodes' games from the shared store instead.
    Duration wait = Duration.ofSeconds(10);
    if (!redis.startAndWait(wait)) {
      log.warn("redis channels not loaded yet, starting anyway waitedMs={} redis={}",
          wait.toMillis(), Settings.mask(settings.redis()));
    }
  }

  /**
   * Content-Security-Policy of every response: scripts, styles and connections from this origin
   * only (WebSocket included), no inline code, no framing.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self';"
      + " style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:;"
      + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

  private static void addSecurityHeaders(RoutingContext context) {
    context.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
    context.next();
  }

  /** Registers the meters of every stage in this server's own registry. */
  private void bindMetrics() {
    for (String transport : new String[] {"ws", "sse", "poll"}) {
      metrics.gauge("courtside_connections", "Open client connections",
          () -> monitor.count(transport), "transport", transport);
    }
    metrics.gauge("courtside_subscriptions", "Channel subscriptions over all connections",
        fanOut::subscriptionCount);
    bindClientLimitMetrics();
    metrics.functionCounter("courtside_queue_overflows", "Backlogs replaced by a snapshot",
        fanOut::overflowCount);
    metrics.functionCounter("courtside_resyncs", "Resync snapshots sent",
        fanOut::resyncCount);
    metrics.health("courtside_store_up", "1 while the store accepts writes", store::healthy);
    metrics.health("courtside_bus_up", "1 while the bus delivers",
        () -> redis == null ? bus.healthy() : redis.healthy());
    metrics.gauge("courtside_games", "Games held by the engine",
        () -> engine.games().size());
    metrics.functionCounter("courtside_quarantined_records",
        "Feed records rejected by validation and kept in quarantine",
        () -> liveFeeds.gate().rejectedCounts().values().stream()
            .mapToLong(Long::longValue).sum());
    FeedMetrics.bind(metrics, liveFeeds, ingest.ingestToken() != null);
    metrics.functionCounter("courtside_store_rejected_writes",
        "Writes the store rejected because its queue was full; delivery went on",
        engine::storeRejected);
    Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    for (String transport : new String[] {"ws", "sse", "poll"}) {
      // Registered up front, so the series exist at zero before the first message is sent.
      deliveries.put(transport, new Delivery(metrics, transport));
    }
    fanOut.observe((transport, message, clients) -> deliveries.computeIfAbsent(transport,
        t -> new Delivery(metrics, t)).record(message, clients));
  }

  /** The meters of messages written to clients of one transport. */
  private static final class Delivery {
    private final Counter messages;
    private final Counter bytes;
    private final Timer latency;

    Delivery(Metrics metrics, String transport) {
      messages = metrics.counter("courtside_messages_sent", "Messages written to clients",
          "transport", transport);
      bytes = metrics.counter("courtside_bytes_sent",
          "Envelope bytes written to clients, before framing", "transport", transport);
      latency = metrics.latency("courtside_publish_to_send",
          "Time from publication on this node to the write to the last client of a batch",
          "transport", transport);
    }

    void record(Message message, int clients) {
      messages.increment(clients);
      bytes.increment((double) message.json().length() * clients);
      latency.record(System.nanoTime() - message.publishedNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void bindClientLimitMetrics() {
    metrics.gauge("courtside_http_connections", "Open HTTP connections, not counting those"
        + " upgraded to WebSocket", timeouts::trackedConnections);
    metrics.functionCounter("courtside_rejected_connections", "Push connections rejected"
        + " before they were accepted", admission::rejectedOrigins, "reason", "origin");
    metrics.functionCounter("courtside_rejected_connections", "Push connections rejected"
        + " before they were accepted", connections::rejectedFull, "reason", "max-connections");
    metrics.functionCounter("courtside_rejected_connections", "Push connections rejected"
        + " before they were accepted", connections::rejectedPerAddress, "reason",
        "max-connections-per-address");
    metrics.functionCounter("courtside_closed_connections", "HTTP connections closed by a"
        + " timeout", timeouts::headerTimeouts, "timeout", "header");
    metrics.functionCounter("courtside_closed_connections", "HTTP connections closed by a"
        + " timeout", timeouts::keepAliveTimeouts, "timeout", "keep-alive");
    if (requestRate != null) {
      metrics.functionCounter("courtside_rate_limited_requests", "HTTP requests rejected with"
          + " 429 for their client address's rate", requestRate::rejected);
      metrics.gauge("courtside_rate_limit_addresses", "Client addresses with a request rate"
          + " bucket", requestRate::trackedAddresses);
    }
  }

  /** Returns the counter of open push connections overall and per client address. */
  public ConnectionLimiter connections() {
    return connections;
  }

  /** Returns the header and keep-alive timeouts, which also count open HTTP connections. */
  public ConnectionTimeouts connectionTimeouts() {
    return timeouts;
  }

  /** Returns the per-address request rate limiter, or null when it is off. */
  public RequestRateLimiter requestRateLimiter() {
    return requestRate;
  }

  /** Returns the metrics registry of this server. */
  public Metrics metrics() {
    return metrics;
  }

  /** Returns {@code https} when the server serves TLS, else {@code http}. */
  public String scheme() {
    return settings.tls() == null ? "http" : "https";
  }

  /** Returns the port the server listens on. */
  public int port() {
    return servers.get(0).actualPort();
  }

  public GameEngine engine() {
    return engine;
  }

  public FanOut fanOut() {
    return fanOut;
  }

  public SessionMonitor sessions() {
    return monitor;
  }

  /** Returns the replay feed, or null when the server replays nothing. */
  public ReplayFeed replay() {
    return replay;
  }

  /** Returns the synthetic feed, or null when it is off. */
  public SyntheticFeed synthetic() {
    return synthetic;
  }

  /** Returns the live feeds and the ingest gate that push ingest shares with them. */
  public LiveFeeds liveFeeds() {
    return liveFeeds;
  }

  /** Returns the store, for tests that check what was written. */
  public GameStore store() {
    return store;
  }

  /**
   * Shuts down gracefully: stops the replay, tells every client to reconnect after a random
   * delay, stops listening, and flushes the store.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (replay != null) {
      replay.stop();
    }
    if (synthetic != null) {
      synthetic.stop();
    }
    if (feedLease != null) {
      feedLease.stop();
    }
    if (liveFeeds != null) {
      liveFeeds.close();
    }
    monitor.shutdown(settings.shutdownSpread().toMillis());
    try {
      for (HttpServer server : servers) {
        server.shutdown(2, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("server stop incomplete error={}", e.toString());
    }
    timer.shutdownNow();
    if (redis != null) {
      redis.close();
    }
    bus.close();
    if (quarantine != null) {
      quarantine.close();
    }
    store.close();
    metrics.close();
    log.info("courtside stopped");
  }
}
