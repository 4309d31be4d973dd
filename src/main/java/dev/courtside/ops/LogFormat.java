package dev.courtside.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Iterator;
import java.util.Locale;

/** The format of the log lines: {@code text} as logback.xml sets it, or {@code json}. */
public enum LogFormat {
  TEXT,
  JSON;

  /**
   * Parses {@code text} or {@code json}, in any case.
   *
   * @throws IllegalArgumentException naming the value and the allowed ones
   */
  public static LogFormat parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("Invalid log-format '" + text
          + "': expected text or json");
    };
  }

  /**
   * Switches every appender of the root logger to this format. {@code text} keeps the
   * configured pattern. {@code json} replaces each appender's encoder with
   * {@link JsonLogLayout}, one JSON object per line. Call it at start-up, before other threads
   * log, because the encoder field is not volatile.
   */
  public void apply(LoggerContext context) {
    if (this == TEXT) {
      return;
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders();
    while (appenders.hasNext()) {
      if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> stream) {
        useJson(context, stream);
      }
    }
  }

  private static void useJson(LoggerContext context, OutputStreamAppender<ILoggingEvent> stream) {
    JsonLogLayout layout = new JsonLogLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    // The appender reads its encoder field on every event, so it keeps running. Stopping it
    // would close a file appender's file and drop the stream of a plain one.
    stream.setEncoder(encoder);
  }
}
