package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Game;
import dev.courtside.model.GameJson;
import dev.courtside.model.GameStatus;
import dev.courtside.model.Json;
import dev.courtside.model.Side;
import dev.courtside.model.Team;
import dev.courtside.ingest.IngestSettings;
import dev.courtside.push.Limits;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The log output during push ingest with a token sent right, wrong and in the query string:
 * the token never appears in it. One test runs {@link Main} in its own process with the
 * production logback.xml and {@code --log-format json}, where every line must be one JSON
 * object. The other captures every logger at TRACE in this JVM.
 */
class LogOutputIT {

  private static final String TOKEN = "Tk-9f3a61c2e8b4-ingest";
  private static final String WRONG_TOKEN = "Tk-wrong-0a1b2c3d";

  @TempDir Path dir;

  private Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void jsonLinesNeverContainToken() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("no-feeds"));
    ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-cp", mainClasspath(),
        Main.class.getName(), "--host", "127.0.0.1", "--port", "0", "--replay",
        empty.toString(), "--db", "jdbc:h2:file:" + dir.resolve("db"), "--log-format", "json");
    builder.environment().put("COURTSIDE_INGEST_TOKEN", TOKEN);
    process = builder.start();
    Thread stdoutReader = collect(process.getInputStream(), stdout);
    Thread stderrReader = collect(process.getErrorStream(), stderr);

    await("listening line in " + stdout + " " + stderr).atMost(Duration.ofSeconds(60))
        .until(() -> listeningPort() > 0);
    int port = listeningPort();
    String base = "http://127.0.0.1:" + port;
    String game = game("g1");

    assertThat(post(base + "/ingest/games/g1", game, "Bearer " + TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(post(base + "/ingest/games/g1", game, "Bearer " + WRONG_TOKEN).statusCode())
        .isEqualTo(401);
    assertThat(post(base + "/ingest/games/g1?token=" + TOKEN + "&access_token=" + TOKEN, game,
        null).statusCode()).isEqualTo(401);
    assertThat(post(base + "/ingest/batch?token=" + TOKEN, "[{\"not\":\"a game\"}]",
        "Bearer " + TOKEN).statusCode()).isEqualTo(400);
    assertThat(post(base + "/ingest/batch", "{broken", "Basic " + TOKEN).statusCode())
        .isEqualTo(401);

    // SIGTERM through the handle: Process.destroy() also closes the output streams, which
    // would lose the last lines.
    assertThat(process.toHandle().destroy()).isTrue();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    stdoutReader.join(5000);
    stderrReader.join(5000);

    List<JsonNode> lines = new ArrayList<>();
    for (String line : stdout) {
      JsonNode parsed = parse(line);
      assertThat(parsed.isObject()).as(line).isTrue();
      assertThat(parsed.path("timestamp").asText()).as(line).isNotEmpty();
      assertThat(parsed.path("level").asText()).as(line).isIn("ERROR", "WARN", "INFO");
      assertThat(parsed.path("logger").asText()).as(line).isNotEmpty();
      assertThat(parsed.path("message").asText()).as(line).isNotEmpty();
      lines.add(parsed);
    }
    assertThat(lines).anyMatch(line -> line.get("message").asText()
        .startsWith("courtside starting"));
    assertThat(lines).anyMatch(line -> line.get("message").asText()
        .startsWith("ingest settings") && line.at("/fields/ingestToken").asText().equals("set"));
    assertThat(lines).anyMatch(line -> line.get("message").asText().equals("courtside stopped"));
    assertThat(lines).anyMatch(line -> line.get("level").asText().equals("WARN"));
    for (String line : stdout) {
      assertThat(line).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN);
    }
    for (String line : stderr) {
      assertThat(line).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN);
    }
  }

  @Test
  void tokenNeverLoggedAtTrace() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Map<Logger, Level> levels = new HashMap<>();
    for (Logger logger : context.getLoggerList()) {
      levels.put(logger, logger.getLevel());
    }
    List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
    root.iteratorForAppenders().forEachRemaining(consoles::add);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    // Every logger at TRACE into memory only, so the test output stays quiet.
    consoles.forEach(root::detachAppender);
    root.addAppender(captured);
    for (Logger logger : levels.keySet()) {
      logger.setLevel(logger == root ? Level.TRACE : null);
    }
    try {
      CourtsideServer server = CourtsideServer.startWithoutReplay(TestServers.settings(dir),
          Limits.DEFAULTS, IngestSettings.none().withToken(TOKEN));
      try {
        String base = "http://127.0.0.1:" + server.port();
        assertThat(post(base + "/ingest/games/g1", game("g1"), "Bearer " + TOKEN).statusCode())
            .isEqualTo(200);
        assertThat(post(base + "/ingest/games/g1", game("g1"), "Bearer " + WRONG_TOKEN)
            .statusCode()).isEqualTo(401);
        assertThat(post(base + "/ingest/games/g2?token=" + TOKEN, game("g2"), null)
            .statusCode()).isEqualTo(401);
        assertThat(post(base + "/ingest/batch?access_token=" + TOKEN, "[{\"x\":1}]",
            "Bearer " + TOKEN).statusCode()).isEqualTo(400);
      } finally {
        server.close();
      }
    } finally {
      root.detachAppender(captured);
      consoles.forEach(root::addAppender);
      levels.forEach(Logger::setLevel);
    }

    List<ILoggingEvent> events = List.copyOf(captured.list);
    // Vert.x Web logs each matched route at TRACE, which shows that TRACE lines were captured.
    assertThat(events).anyMatch(event -> event.getLevel() == Level.TRACE);
    assertThat(events).anyMatch(event -> event.getLevel() == Level.WARN);
    for (ILoggingEvent event : events) {
      String text = event.getLoggerName() + " " + event.getFormattedMessage() + " "
          + event.getMDCPropertyMap() + " " + event.getKeyValuePairs() + " "
          + (event.getThrowableProxy() == null ? ""
              : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      assertThat(text).doesNotContain(TOKEN).doesNotContain(WRONG_TOKEN);
    }
  }

  /** Parses one output line, failing the test with the line when it is not JSON. */
  private static JsonNode parse(String line) {
    try {
      return Json.parse(line);
    } catch (IOException e) {
      throw new AssertionError("Output line is not JSON: " + line, e);
    }
  }

  private static String game(String id) {
    Game game = new Game(id, "nba", Instant.parse("2026-05-02T23:30:00Z"),
        new Side(new Team("nba", "100", "Home", "HOM", ""), 3, List.of()),
        new Side(new Team("nba", "200", "Away", "AWY", ""), 1, List.of()), GameStatus.LIVE,
        2, 4, Duration.ofMinutes(3), null, false, 0);
    ObjectNode node = GameJson.write(game);
    node.remove("seq");
    return Json.write(node);
  }

  /** Returns the port from the JSON "courtside listening" line, or 0 before it. */
  private int listeningPort() {
    for (String line : stdout) {
      try {
        JsonNode parsed = Json.parse(line);
        if (parsed.path("message").asText().startsWith("courtside listening")) {
          return URI.create(parsed.at("/fields/address").asText()).getPort();
        }
      } catch (IOException e) {
        // Not JSON: the assertions after the run report it.
      }
    }
    return 0;
  }

  private HttpResponse<String> post(String uri, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Thread collect(InputStream stream, List<String> lines) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("(reading the output failed: " + e + ")");
      }
    }, "log-output-reader");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Returns the test's class path without the test classes, so the process reads the
   * production logback.xml rather than logback-test.xml.
   */
  private static String mainClasspath() {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.endsWith("test-classes") && !entry.endsWith("test-classes/")) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
