package dev.courtside.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The near-the-limit reference: a bare Vert.x WebSocket broadcast with no channels protocol,
 * journal, envelope, queue bound or resume. A client connects to {@code /ws/NAME} and gets
 * every update published to NAME, which is {@code game:<id>} or {@code games}, as the same
 * payload bytes the Socket.IO peer sends. A write to a connection whose Netty write queue is
 * full is dropped and counted.
 *
 * <p>The server runs one {@link Shard} verticle per core, each with its own HTTP server on
 * the shared port, so Vert.x spreads the connections over that many event loops. The
 * publisher hands each update once to every shard, which writes it to its own connections
 * on its own event loop.
 *
 * <p>Usage: {@code BareBroadcastServer --port N [--games N] [--rate N] [--instances N]}. The
 * admin endpoints match the other servers under test: {@code GET /admin/synthetic}, and
 * {@code POST /admin/synthetic?rate=N}, for loopback clients only.
 */
public final class BareBroadcastServer {

  private static final double MAX_RATE = 1_000_000;

  private final Vertx vertx = Vertx.vertx();
  private final List<Shard> shards = new CopyOnWriteArrayList<>();
  private final String[] gameIds;
  private final int[] seqs;
  private final int[] homeScores;
  private final int[] awayScores;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile double rate;
  private int next;
  private long windowStartNanos;
  private long sentInWindow;
  private long timerId = -1;

  private BareBroadcastServer(int games, double rate) {
    this.gameIds = new String[games];
    this.seqs = new int[games];
    this.homeScores = new int[games];
    this.awayScores = new int[games];
    for (int i = 0; i < games; i++) {
      gameIds[i] = String.format("syn-%04d", i + 1);
    }
    this.rate = rate;
  }

  /** Starts the server and blocks until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    int port = 0;
    int games = 1;
    double rate = 0;
    int instances = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--games" -> games = Integer.parseInt(args[i + 1]);
        case "--rate" -> rate = Double.parseDouble(args[i + 1]);
        case "--instances" -> instances = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown option '" + args[i]
            + "': expected --port, --games, --rate or --instances");
      }
    }
    BareBroadcastServer server = new BareBroadcastServer(games, rate);
    server.listen(port, instances);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.vertx.close().toCompletionStage().toCompletableFuture()
          .orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
      stopped.countDown();
    }, "bare-shutdown"));
    stopped.await();
  }

  private void listen(int port, int instances) {
    HttpServerOptions options = new HttpServerOptions().setHost(LoadGenerator.HOST)
        .setPort(port).setIdleTimeout(0)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    vertx.deployVerticle(() -> new Shard(options), new DeploymentOptions()
        .setInstances(instances)).toCompletionStage().toCompletableFuture().join();
    System.out.println("bare broadcast listening address=http://" + LoadGenerator.HOST + ":"
        + port + "/ games=" + gameIds.length + " rate=" + rate + " instances=" + instances);
    vertx.runOnContext(ignored -> restartSchedule());
  }

  /** One event loop's HTTP server and the connections it accepted, by group. */
  private final class Shard extends VerticleBase {
    private final HttpServerOptions options;
    private final Map<String, Set<ServerWebSocket>> groups = new HashMap<>();

    Shard(HttpServerOptions options) {
      this.options = options;
    }

    @Override
    public Future<?> start() {
      shards.add(this);
      HttpServer server = vertx.createHttpServer(options)
          .webSocketHandler(this::accept)
          .requestHandler(BareBroadcastServer.this::handleAdmin);
      return server.listen();
    }

    private void accept(ServerWebSocket socket) {
      if (!socket.path().startsWith("/ws/") || socket.path().length() > 104) {
        socket.close((short) 1008, "unknown path: expected /ws/NAME");
        return;
      }
      Set<ServerWebSocket> members = groups.computeIfAbsent(socket.path().substring(4),
          name -> new HashSet<>());
      members.add(socket);
      socket.closeHandler(ignored -> members.remove(socket));
      socket.exceptionHandler(ignored -> socket.close());
    }

    /** Writes the payload to this shard's connections of both groups, on its event loop. */
    void broadcast(String gameGroup, String payload) {
      context.runOnContext(ignored -> {
        write(groups.get(gameGroup), payload);
        write(groups.get("games"), payload);
      });
    }

    private void write(Set<ServerWebSocket> members, String payload) {
      if (members == null) {
        return;
      }
      for (ServerWebSocket socket : members) {
        if (socket.writeQueueFull()) {
          dropped.incrementAndGet();
        } else {
          socket.writeTextMessage(payload);
        }
      }
    }
  }

  private void handleAdmin(HttpServerRequest request) {
    String remote = request.remoteAddress().hostAddress();
    if (!remote.startsWith("127.") && !remote.equals("0:0:0:0:0:0:0:1")) {
      request.response().setStatusCode(403).end("loopback clients only");
      return;
    }
    if (!"/admin/synthetic".equals(request.path())) {
      request.response().setStatusCode(404).end("No route " + request.path());
      return;
    }
    if (request.method() == HttpMethod.POST) {
      double requested;
      try {
        requested = Double.parseDouble(String.valueOf(request.getParam("rate")));
      } catch (NumberFormatException e) {
        requested = -1;
      }
      if (!(requested >= 0 && requested <= MAX_RATE)) {
        request.response().setStatusCode(400).end("Invalid rate '" + request.getParam("rate")
            + "': expected 0 to " + (long) MAX_RATE);
        return;
      }
      rate = requested;
      vertx.runOnContext(ignored -> restartSchedule());
    }
    request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("rate", rate).put("games", gameIds.length).put("published", published.get())
        .put("skipped", skipped.get()).put("failed", 0).put("dropped", dropped.get())
        .encode());
  }

  /** Starts the schedule over from now at the current rate; runs on the publisher context. */
  private void restartSchedule() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    windowStartNanos = System.nanoTime();
    sentInWindow = 0;
    tick();
  }

  /** Publishes every update due at the rate, then waits for the next one. */
  private void tick() {
    timerId = -1;
    double current = rate;
    if (current <= 0) {
      return;
    }
    long due = (long) ((System.nanoTime() - windowStartNanos) * current / 1e9) + 1;
    // Never more than one second of updates in a burst: the rest is skipped and counted.
    long maxBehind = Math.max(1, (long) current);
    if (due - sentInWindow > maxBehind) {
      skipped.addAndGet(due - sentInWindow - maxBehind);
      sentInWindow = due - maxBehind;
    }
    while (sentInWindow < due) {
      publishNext();
      sentInWindow++;
    }
    long nextDue = windowStartNanos + (long) (sentInWindow * 1e9 / current);
    long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextDue - System.nanoTime()));
    timerId = vertx.setTimer(delayMs, ignored -> tick());
  }

  private void publishNext() {
    int game = next;
    next = (next + 1) % gameIds.length;
    seqs[game]++;
    int seq = seqs[game];
    if (seq % 2 == 1) {
      homeScores[game] += 2;
    } else {
      awayScores[game] += 2;
    }
    String payload = payload(gameIds[game], seq, homeScores[game], awayScores[game],
        Instant.now().truncatedTo(ChronoUnit.MICROS));
    String gameGroup = "game:" + gameIds[game];
    for (Shard shard : shards) {
      shard.broadcast(gameGroup, payload);
    }
    published.incrementAndGet();
  }

  /** Returns the same JSON the Socket.IO peer emits for one update. */
  static String payload(String gameId, int seq, int home, int away, Instant time) {
    int inPeriod = (seq - 1) % 100;
    double clock = Math.round((720 - inPeriod * 7.2) * 100) / 100.0;
    String clockText = clock == Math.rint(clock) ? Long.toString((long) clock)
        : Double.toString(clock);
    return "{\"id\":\"" + gameId + "\",\"seq\":" + seq + ",\"period\":"
        + ((seq - 1) / 100 % 4 + 1) + ",\"clock\":" + clockText + ",\"home\":{\"score\":"
        + home + "},\"away\":{\"score\":" + away + "},\"lastPlay\":{\"action\":" + seq
        + ",\"type\":\"2pt\",\"description\":\"Jump shot\",\"time\":\"" + time + "\"}}";
  }

}
