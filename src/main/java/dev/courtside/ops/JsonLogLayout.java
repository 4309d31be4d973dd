package dev.courtside.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.event.KeyValuePair;

/**
 * A logback layout that writes each event as one JSON object on one line:
 *
 * <pre>{"timestamp":"2024-03-01T19:04:11.208Z","level":"WARN",
 * "logger":"dev.courtside.ingest.PollingFeed","thread":"vert.x-eventloop-thread-1",
 * "message":"feed poll failed feed=espn-nba status=503",
 * "fields":{"feed":"espn-nba","status":"503"}}</pre>
 *
 * <p>The example is wrapped here; the output has no line breaks.
 *
 * <p>{@code fields} contains the {@code key=value} pairs that end a Courtside log message, the
 * SLF4J key-value pairs and the MDC, each value as a string. A word without {@code =} after the
 * first pair continues the value before it, so {@code replay=bundled games} keeps both words. An
 * event with an exception adds {@code error} (class and message) and {@code stack}.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {

  private static final Pattern PAIR = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)=(.*)");

  @Override
  public String doLayout(ILoggingEvent event) {
    ObjectNode line = Json.object();
    line.put("timestamp", event.getInstant().toString());
    line.put("level", event.getLevel().toString());
    line.put("logger", event.getLoggerName());
    line.put("thread", event.getThreadName());
    String message = event.getFormattedMessage();
    line.put("message", message);
    Map<String, String> fields = fields(message);
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        fields.put(pair.key, String.valueOf(pair.value));
      }
    }
    fields.putAll(event.getMDCPropertyMap());
    if (!fields.isEmpty()) {
      ObjectNode node = line.putObject("fields");
      fields.forEach(node::put);
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.put("error", error.getClassName() + ": " + error.getMessage());
      line.put("stack", ThrowableProxyUtil.asString(error));
    }
    // Jackson escapes line breaks inside strings, so the object stays on one line.
    return Json.write(line) + CoreConstants.LINE_SEPARATOR;
  }

  /** Returns the {@code key=value} pairs of a message in their order. */
  static Map<String, String> fields(String message) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (message == null) {
      return fields;
    }
    String lastKey = null;
    for (String word : message.split(" ")) {
      Matcher pair = PAIR.matcher(word);
      if (pair.matches()) {
        lastKey = pair.group(1);
        fields.put(lastKey, pair.group(2));
      } else if (lastKey != null) {
        fields.put(lastKey, fields.get(lastKey) + " " + word);
      }
    }
    return fields;
  }
}
