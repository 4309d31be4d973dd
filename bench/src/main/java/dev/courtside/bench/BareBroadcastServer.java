package dev.courtside.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Usage: {@code BareBroadcastServer --port N [--games N] [--rate N]}. The admin endpoints
 * match the other servers under test: {@code GET /admin/synthetic}, and {@code POST
 * /admin/synthetic?rate=N}, for loopback clients only.
 */
public final class BareBroadcastServer {

  private static final double MAX_RATE = 1_000_000;

  private final Vertx vertx = Vertx.vertx();
  private final ConcurrentHashMap<String, Set<ServerWebSocket>> groups =
      new ConcurrentHashMap<>();
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
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--games" -> games = Integer.parseInt(args[i + 1]);
        case "--rate" -> rate = Double.parseDouble(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown option '" + args[i]
            + "': expected --port, --games or --rate");
      }
    }
    BareBroadcastServer server = new BareBroadcastServer(games, rate);
    server.listen(port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.vertx.close().toCompletionStage().toCompletableFuture()
          .orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
      stopped.countDown();
    }, "bare-shutdown"));
    stopped.await();
  }

  private void listen(int port) {
    HttpServerOptions options = new HttpServerOptions().setHost(LoadGenerator.HOST)
        .setPort(port).setIdleTimeout(0)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    HttpServer server = vertx.createHttpServer(options)
        .webSocketHandler(this::accept)
        .requestHandler(this::handleAdmin);
    int actual = server.listen().toCompletionStage().toCompletableFuture().join().actualPort();
    System.out.println("bare broadcast listening address=http://" + LoadGenerator.HOST + ":"
        + actual + "/ games=" + gameIds.length + " rate=" + rate);
    vertx.runOnContext(ignored -> restartSchedule());
  }

  private void accept(ServerWebSocket socket) {
    if (!socket.path().startsWith("/ws/") || socket.path().length() > 104) {
      socket.close((short) 1008, "unknown path: expected /ws/NAME");
      return;
    }
    String group = socket.path().substring(4);
    Set<ServerWebSocket> members = groups.computeIfAbsent(group,
        name -> ConcurrentHashMap.newKeySet());
    members.add(socket);
    socket.closeHandler(ignored -> members.remove(socket));
    socket.exceptionHandler(ignored -> socket.close());
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
    broadcast("game:" + gameIds[game], payload);
    broadcast("games", payload);
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

  private void broadcast(String group, String payload) {
    Set<ServerWebSocket> members = groups.get(group);
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
