package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON log format, on a logback context of its own so the tests' logging is untouched. */
class LogFormatTest {

  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  @BeforeEach
  void attachAppender() {
    // A context made outside logback's own start-up has no MDC adapter, and events fail.
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %msg%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(output);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  @AfterEach
  void stopContext() {
    context.stop();
  }

  @Test
  void textKeepsThePattern() {
    LogFormat.TEXT.apply(context);

    context.getLogger("dev.courtside.Test").info("courtside stopped");

    assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("INFO courtside stopped\n");
  }

  @Test
  void jsonWritesOneObjectPerLine() throws Exception {
    LogFormat.JSON.apply(context);
    Logger logger = context.getLogger("dev.courtside.ingest.PollingFeed");
    Instant before = Instant.now();

    logger.warn("feed poll failed feed={} status={} retryInMs={}", "espn-nba", 503, 8000);
    logger.info("courtside listening address=http://127.0.0.1:8080/ replay=bundled games");
    logger.error("store write failed game=g1", new IllegalStateException("disk \"full\"\nnow"));
    logger.atInfo().addKeyValue("conn", 42).log("connection opened");

    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(4);
    JsonNode warn = lines.get(0);
    assertThat(Instant.parse(warn.get("timestamp").asText()))
        .isAfterOrEqualTo(before.minusMillis(1));
    assertThat(warn.get("level").asText()).isEqualTo("WARN");
    assertThat(warn.get("logger").asText()).isEqualTo("dev.courtside.ingest.PollingFeed");
    assertThat(warn.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(warn.get("message").asText())
        .isEqualTo("feed poll failed feed=espn-nba status=503 retryInMs=8000");
    assertThat(warn.get("fields").get("feed").asText()).isEqualTo("espn-nba");
    assertThat(warn.get("fields").get("status").asText()).isEqualTo("503");
    assertThat(warn.get("fields").get("retryInMs").asText()).isEqualTo("8000");
    assertThat(warn.has("error")).isFalse();

    JsonNode info = lines.get(1);
    assertThat(info.get("fields").get("address").asText()).isEqualTo("http://127.0.0.1:8080/");
    assertThat(info.get("fields").get("replay").asText()).isEqualTo("bundled games");

    JsonNode error = lines.get(2);
    assertThat(error.get("level").asText()).isEqualTo("ERROR");
    assertThat(error.get("error").asText())
        .isEqualTo("java.lang.IllegalStateException: disk \"full\"\nnow");
    assertThat(error.get("stack").asText())
        .contains("at dev.courtside.ops.LogFormatTest.jsonWritesOneObjectPerLine");

    assertThat(lines.get(3).get("fields").get("conn").asText()).isEqualTo("42");
  }

  @Test
  void messageWithoutPairsHasNoFields() throws Exception {
    LogFormat.JSON.apply(context);

    context.getLogger("x").info("courtside stopped");

    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("message").asText()).isEqualTo("courtside stopped");
    assertThat(lines.get(0).has("fields")).isFalse();
  }

  @Test
  void fieldsFollowTheFirstPair() {
    assertThat(JsonLogLayout.fields("ingest settings feeds=[espn, nba] ingestToken=set"))
        .isEqualTo(Map.of("feeds", "[espn, nba]", "ingestToken", "set"));
    assertThat(JsonLogLayout.fields("a = b")).isEmpty();
    assertThat(JsonLogLayout.fields("url=http://h/?q=1 x="))
        .containsEntry("url", "http://h/?q=1").containsEntry("x", "");
  }

  @Test
  void invalidFormatIsRejected() {
    assertThatThrownBy(() -> LogFormat.parse("xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid log-format 'xml': expected text or json");
    assertThat(LogFormat.parse(" JSON ")).isEqualTo(LogFormat.JSON);
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : output.toString(StandardCharsets.UTF_8).split("\n")) {
      parsed.add(Json.parse(line));
    }
    return parsed;
  }
}
