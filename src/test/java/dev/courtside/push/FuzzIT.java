package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.engine.GameEngine;
import dev.courtside.ingest.IngestGate;
import dev.courtside.ingest.IngestSettings;
import dev.courtside.ingest.ReplayFeed;
import dev.courtside.model.Json;
import dev.courtside.ops.ClientLimits;
import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Random and malformed input on every entry point of a running server for a bounded time. The
 * input is WebSocket frames of every kind, raw malformed frames, event stream and long-poll
 * requests with garbage parameters and headers, random HTTP requests, raw garbage bytes and
 * random ingest bodies. Afterwards the server must still serve a fresh client the right snapshot,
 * with no session, subscription or connection left over, and no response may be a 5xx other
 * than 501 or 503. Set {@code -Dcourtside.seed=N} to repeat a run's inputs; the thread interleaving
 * still varies. The seed is printed and is part of every failure message.
 */
class FuzzIT {

  private static final Duration FUZZ_TIME = Duration.ofSeconds(20);
  private static final int WORKERS = 3;
  private static final String TOKEN = "fuzz-ingest-token";
  private static final int ACTIONS = 8;
  /** Time to wait for a response, because a request whose body never comes gets none. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;

  private CourtsideServer server;
  private Vertx vertx;
  private WebSocketClient webSockets;
  private final List<String> problems = new CopyOnWriteArrayList<>();

  private final Logger gateLogger = (Logger) LoggerFactory.getLogger(IngestGate.class);
  private Level gateLevel;

  /** Hides the WARN line of every quarantined record, the expected outcome of bad bodies. */
  @BeforeEach
  void quietQuarantine() {
    gateLevel = gateLogger.getLevel();
    gateLogger.setLevel(Level.ERROR);
  }

  @AfterEach
  void stop() throws Exception {
    gateLogger.setLevel(gateLevel);
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void randomInputLeavesServerHealthy() throws Exception {
    long seed = Long.getLong("courtside.seed", System.nanoTime());
    System.out.println("FuzzIT seed=" + seed);
    ClientLimits limits = ClientLimits.DEFAULTS.withRequestRate(500, 1000);
    server = CourtsideServer.startWithoutReplay(
        TestServers.settings(dir).withClientLimits(limits),
        Limits.DEFAULTS.withPollHold(Duration.ofSeconds(1)),
        IngestSettings.none().withToken(TOKEN).withMaxPushBytes(256 * 1024));
    ReplayFeed replay = Replays.game(dir, server, 0);
    replay.start();
    replay.finished().get(30, TimeUnit.SECONDS);
    vertx = Vertx.vertx();
    webSockets = vertx.createWebSocketClient();
    long heapBefore = usedHeapAfterGc();

    long deadline = System.nanoTime() + FUZZ_TIME.toNanos();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    List<Future<Integer>> done = new ArrayList<>();
    try {
      for (int i = 0; i < WORKERS; i++) {
        Random random = new Random(seed + i);
        done.add(workers.submit(() -> fuzzUntil(deadline, random)));
      }
      int actions = 0;
      for (Future<Integer> worker : done) {
        actions += worker.get(FUZZ_TIME.toSeconds() + 60, TimeUnit.SECONDS);
      }
      System.out.printf("FuzzIT seed=%d actions=%d%n", seed, actions);
    } finally {
      workers.shutdownNow();
    }
    webSockets.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(problems).as("seed %d", seed).isEmpty();
    String why = "seed " + seed;
    await(why).atMost(Duration.ofSeconds(20)).until(() -> server.sessions().size() == 0);
    await(why).atMost(Duration.ofSeconds(20)).until(() -> server.connections().open() == 0);
    assertThat(server.connections().addressCount()).as(why).isZero();
    assertThat(server.fanOut().subscriptionCount()).as(why).isZero();
    await(why).atMost(Duration.ofSeconds(20))
        .until(() -> server.connectionTimeouts().trackedConnections() == 0);
    // A loose guard, because other tests share this JVM: a leak of per-request state over
    // tens of thousands of requests would pass it.
    assertThat(usedHeapAfterGc()).as(why).isLessThan(heapBefore + 256L * 1024 * 1024);

    try (TestClients clients = new TestClients(server.port())) {
      assertThat(clients.get("/health/live").status()).as(why).isEqualTo(200);
      WebSocketTestClient fresh = clients.webSocket(GameEngine.GAMES, Replays.GAME_CHANNEL);
      fresh.open();
      for (String channel : fresh.channels()) {
        await(why + " on " + channel).atMost(Duration.ofSeconds(10))
            .until(() -> Replays.state(server, channel).equals(fresh.mirror().state(channel)));
      }
      assertThat(fresh.mirror().violations()).as(why).isEmpty();
    }
  }

  private int fuzzUntil(long deadline, Random random) throws Exception {
    int actions = 0;
    while (System.nanoTime() < deadline) {
      int action = random.nextInt(ACTIONS);
      try {
        switch (action) {
          case 0, 1 -> webSocketFrames(random);
          case 2 -> malformedFrames(random);
          case 3 -> streamOrPoll(random);
          case 4 -> randomRequest(random);
          case 5 -> garbageBytes(random);
          default -> ingest(random);
        }
      } catch (IOException | ExecutionException | TimeoutException e) {
        // The server may reject or close any of these connections.
      }
      actions++;
    }
    return actions;
  }

  /** Opens a WebSocket and sends random, malformed, huge and fragmented frames. */
  private void webSocketFrames(Random random) throws Exception {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(server.port()).setURI(WebSocketTransport.PATH);
    if (random.nextInt(4) == 0) {
      options.addHeader("Origin", pick(random, "https://evil.example", "null", "garbage",
          "http://127.0.0.1:" + server.port()));
    }
    WebSocket socket = webSockets.connect(options).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    try {
      int frames = 1 + random.nextInt(12);
      for (int i = 0; i < frames && !socket.isClosed(); i++) {
        sendRandomFrame(socket, random);
      }
      if (random.nextBoolean()) {
        socket.writeTextMessage("{\"type\":\"ping\"}");
      }
    } finally {
      if (!socket.isClosed()) {
        short code = pick(random, (short) 1000, (short) 1001, (short) 1008, (short) 3000,
            (short) 4999);
        socket.close(code, "fuzz").toCompletionStage().toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
      }
    }
  }

  private void sendRandomFrame(WebSocket socket, Random random) {
    switch (random.nextInt(10)) {
      case 0 -> socket.writeTextMessage(subscribe(random));
      case 1 -> socket.writeTextMessage("{\"type\":\"unsubscribe\",\"channels\":"
          + randomJson(random, 3) + "}");
      case 2 -> socket.writeTextMessage(randomJson(random, 4));
      case 3 -> socket.writeTextMessage(truncate(subscribe(random), random));
      case 4 -> socket.writeTextMessage(randomText(random, 200));
      case 5 -> socket.writeTextMessage("{\"type\":\"subscribe\",\"channels\":[\""
          + "x".repeat(20_000 + random.nextInt(40_000)) + "\"]}");
      case 6 -> socket.writeBinaryMessage(Buffer.buffer(randomBytes(random, 300)));
      case 7 -> {
        String text = subscribe(random);
        int cut = random.nextInt(text.length());
        socket.writeFrame(WebSocketFrame.textFrame(text.substring(0, cut), false));
        socket.writeFrame(WebSocketFrame.continuationFrame(
            Buffer.buffer(text.substring(cut)), true));
      }
      case 8 -> socket.writePing(Buffer.buffer(randomBytes(random, 100)));
      default -> socket.writeTextMessage("{\"type\":" + randomJson(random, 2)
          + ",\"channels\":" + randomJson(random, 3) + "}");
    }
  }

  /** Completes a WebSocket handshake on a plain socket and sends malformed frame bytes. */
  private void malformedFrames(Random random) throws IOException {
    try (RawWebSocket socket = RawWebSocket.connect(server.port(), 0)) {
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      switch (random.nextInt(6)) {
        // Unmasked text frame, which RFC 6455 section 5.1 forbids from a client.
        case 0 -> frame.writeBytes(new byte[] {(byte) 0x81, 0x03, 'a', 'b', 'c'});
        // Reserved opcode 0x3.
        case 1 -> frame.writeBytes(new byte[] {(byte) 0x83, (byte) 0x80, 1, 2, 3, 4});
        // 64-bit length of about a terabyte.
        case 2 -> frame.writeBytes(new byte[] {(byte) 0x81, (byte) 0xff, 0, 0, 1, 0, 0, 0, 0,
            0, 1, 2, 3, 4});
        // RSV bits set without an extension.
        case 3 -> frame.writeBytes(new byte[] {(byte) 0xf1, (byte) 0x80, 1, 2, 3, 4});
        // Continuation frame with nothing to continue.
        case 4 -> frame.writeBytes(new byte[] {(byte) 0x80, (byte) 0x81, 1, 2, 3, 4, 'x'});
        default -> frame.writeBytes(randomBytes(random, 64));
      }
      socket.sendBytes(frame.toByteArray());
      socket.readUntilClose(Duration.ofMillis(500));
    }
  }

  /** Sends an event stream or long-poll request with garbage parameters and headers. */
  private void streamOrPoll(Random random) throws IOException {
    String path = random.nextBoolean() ? SseTransport.PATH : PollTransport.PATH;
    StringBuilder query = new StringBuilder();
    int params = random.nextInt(5);
    for (int i = 0; i < params; i++) {
      String name = pick(random, "channel", "channel", "after", "last", randomText(random, 8));
      String value = pick(random, "games", Replays.GAME_CHANNEL, "game:nope", "games|e|1",
          "games|" + randomText(random, 5) + "|" + random.nextLong(), randomText(random, 40));
      query.append(i == 0 ? "?" : "&").append(encode(name)).append('=').append(encode(value));
    }
    String headers = random.nextBoolean() ? ""
        : "Last-Event-ID: " + headerSafe(randomText(random, 60)) + "\r\n";
    if (random.nextInt(3) == 0) {
      headers += "Origin: " + pick(random, "https://evil.example", "null") + "\r\n";
    }
    exchange("GET " + path + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n",
        random);
  }

  /** Sends a request with a random method, path and headers. */
  private void randomRequest(Random random) throws IOException {
    String method = pick(random, "GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH",
        "BREW", randomText(random, 4).replace(' ', 'X'));
    String path = pick(random, "/api/games", "/api/games/0022000001", "/api/games/nope",
        "/api/games/0022000001/plays?before=abc&limit=-1", "/api/games?date=2020-13-45&tz=Mars",
        "/api/quarantine?limit=x", "/ws", "/metrics", "/health/ready", "/%00%ff", "/../../etc",
        "/games/" + encode(randomText(random, 10)), "/" + encode(randomText(random, 30)));
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    request.append("Host: ").append(pick(random, "127.0.0.1", "", "evil.example",
        headerSafe(randomText(random, 20)))).append("\r\n");
    int headers = random.nextInt(6);
    for (int i = 0; i < headers; i++) {
      request.append(pick(random, "Upgrade", "Connection", "Content-Length", "Transfer-Encoding",
          "Accept-Encoding", "X-Forwarded-For", "X-" + random.nextInt(1000)))
          .append(": ").append(headerSafe(randomText(random, 30))).append("\r\n");
    }
    request.append("\r\n");
    if (random.nextBoolean()) {
      request.append(randomText(random, 100));
    }
    exchange(request.toString(), random);
  }

  /** Sends random bytes on a new TCP connection. */
  private void garbageBytes(Random random) throws IOException {
    try (RawHttp connection = RawHttp.connect(server.port())) {
      connection.send(randomBytes(random, 1 + random.nextInt(2000)));
      if (random.nextBoolean()) {
        connection.send("\r\n\r\n");
      }
      connection.awaitClosed(Duration.ofMillis(300));
    }
  }

  /** Posts a random or mangled ingest body, usually with the right token. */
  private void ingest(Random random) throws IOException {
    String body = switch (random.nextInt(6)) {
      case 0 -> mangledGame(random);
      case 1 -> "[" + mangledGame(random) + "," + randomJson(random, 3) + "]";
      case 2 -> randomJson(random, 5);
      case 3 -> "[".repeat(2000 + random.nextInt(3000));
      case 4 -> randomText(random, 500);
      default -> "";
    };
    String path = random.nextBoolean() ? "/ingest/batch"
        : "/ingest/games/" + pick(random, "0022000001", "g" + random.nextInt(5),
            encode(randomText(random, 10)));
    String authorization = pick(random, "Bearer " + TOKEN, "Bearer " + TOKEN,
        "Bearer " + TOKEN, "Bearer wrong", "Basic " + TOKEN, "");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n"
        + (authorization.isEmpty() ? "" : "Authorization: " + authorization + "\r\n")
        + "\r\n";
    try (RawHttp connection = RawHttp.connect(server.port())) {
      connection.readTimeout(READ_TIMEOUT);
      connection.send(head);
      connection.send(bytes);
      check("POST " + path, connection.readResponse().status());
    }
  }

  /** Sends a request and checks the status of the response, if one arrives. */
  private void exchange(String request, Random random) throws IOException {
    try (RawHttp connection = RawHttp.connect(server.port())) {
      connection.readTimeout(READ_TIMEOUT);
      connection.send(request);
      if (random.nextInt(4) == 0) {
        return;
      }
      check(request.lines().findFirst().orElse(""), connection.readResponse().status());
    }
  }

  private void check(String request, int status) {
    // 501 is the HTTP response to an unknown transfer coding, and 503 the connection maximum.
    if (status >= 500 && status != 501 && status != 503) {
      problems.add("status " + status + " for " + abbreviate(request));
    }
  }

  private static String subscribe(Random random) {
    ObjectNode message = Json.object();
    message.put("type", "subscribe");
    var channels = message.putArray("channels");
    int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      switch (random.nextInt(4)) {
        case 0 -> channels.add(pick(random, "games", Replays.GAME_CHANNEL, "league:nba"));
        case 1 -> channels.addObject().put("channel", "games").put("epoch",
            randomText(random, 8)).put("seq", random.nextLong());
        case 2 -> channels.addObject().put("channel", Replays.GAME_CHANNEL)
            .put("epoch", "e").put("seq", random.nextDouble() * 1e20);
        default -> channels.add(randomText(random, 30));
      }
    }
    return Json.write(message);
  }

  private static String mangledGame(Random random) {
    ObjectNode game = Json.object();
    game.put("id", pick(random, "0022000001", "g1", "", randomText(random, 12)));
    game.put("league", pick(random, "nba", "", "xyz"));
    game.put("status", pick(random, "live", "final", "weird", ""));
    if (random.nextBoolean()) {
      game.put("period", pick(random, 0, -1, 2, 99, Integer.MAX_VALUE));
    }
    ObjectNode home = game.putObject(random.nextBoolean() ? "home" : "away");
    home.put("id", randomText(random, 5));
    home.put("score", pick(random, -5, 0, 100, Integer.MAX_VALUE));
    if (random.nextBoolean()) {
      game.set("clock", Json.object().put("nested", true));
    }
    return Json.write(game);
  }

  /** Returns random JSON of any type, nested up to {@code depth}. */
  private static String randomJson(Random random, int depth) {
    int kind = depth <= 0 ? random.nextInt(4) : random.nextInt(6);
    return switch (kind) {
      case 0 -> Long.toString(random.nextLong());
      case 1 -> Json.write(Json.MAPPER.getNodeFactory().textNode(randomText(random, 20)));
      case 2 -> pick(random, "null", "true", "false", "1e400", "-0");
      case 3 -> Double.toString(random.nextGaussian() * 1e10);
      case 4 -> {
        StringBuilder array = new StringBuilder("[");
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          array.append(i == 0 ? "" : ",").append(randomJson(random, depth - 1));
        }
        yield array.append(']').toString();
      }
      default -> {
        StringBuilder object = new StringBuilder("{");
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          String key = pick(random, "type", "channels", "channel", "epoch", "seq", "id",
              randomText(random, 5));
          object.append(i == 0 ? "" : ",")
              .append(Json.write(Json.MAPPER.getNodeFactory().textNode(key)))
              .append(':').append(randomJson(random, depth - 1));
        }
        yield object.append('}').toString();
      }
    };
  }

  /** Returns random text: ASCII, control characters, accented letters, emoji and lone halves. */
  private static String randomText(Random random, int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(6)) {
        case 0 -> text.append((char) random.nextInt(32));
        case 1 -> text.append((char) (0xc0 + random.nextInt(0x100)));
        case 2 -> text.appendCodePoint(0x1f300 + random.nextInt(0x300));
        case 3 -> text.append(random.nextBoolean() ? '\ud800' : '\udfff');
        default -> text.append((char) (32 + random.nextInt(95)));
      }
    }
    return text.toString();
  }

  private static String truncate(String text, Random random) {
    return text.substring(0, random.nextInt(Math.max(1, text.length())));
  }

  private static byte[] randomBytes(Random random, int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Drops the line breaks that would end a header, keeping every other character. */
  private static String headerSafe(String text) {
    return text.replace('\r', ' ').replace('\n', ' ');
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
