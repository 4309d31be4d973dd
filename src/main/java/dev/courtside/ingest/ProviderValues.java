package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Readers for the value shapes that provider payloads share: numbers sent as strings or floats,
 * ISO-8601 and "M:SS" clocks, timestamps with or without seconds.
 *
 * <p>Each reader throws {@link InvalidRecordException} with a reason that names the field, the
 * value, the record and what was expected, such as {@code Invalid period 'x' in action 4 of
 * game 0022000001: expected a whole number}.
 */
final class ProviderValues {

  private ProviderValues() {}

  /** Returns the text of a string or number node, or null when it is missing, null or empty. */
  static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
      return null;
    }
    String text = node.asText();
    return text.isEmpty() ? null : text;
  }

  /**
   * Reads a whole number given as a JSON number ({@code 87} or {@code 19.0}) or as a string
   * ({@code "87"}).
   *
   * @return the number, or null when the node is missing, null or an empty string
   */
  static Integer optionalInteger(JsonNode node, String field, String record) {
    String text = text(node);
    if (text == null) {
      return null;
    }
    try {
      return new BigDecimal(text.trim()).intValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(field, text, record, "a whole number");
    }
  }

  /** Reads a whole number that must be present, in the shapes {@link #optionalInteger} reads. */
  static int integer(JsonNode node, String field, String record) {
    Integer value = optionalInteger(node, field, record);
    if (value == null) {
      throw new InvalidRecordException(
          "Missing " + field + " in " + record + ": expected a whole number");
    }
    return value;
  }

  /**
   * Reads an ISO-8601 duration clock such as {@code PT11M42.00S}.
   *
   * @return the clock, or null when the node is missing, null or empty
   */
  static Duration isoClock(JsonNode node, String field, String record) {
    String text = text(node);
    if (text == null) {
      return null;
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw invalid(field, text, record, "an ISO-8601 duration such as PT11M42.00S");
    }
  }

  /**
   * Reads a clock written as {@code M:SS}, {@code MM:SS}, {@code MM:SS.t} or, in the last minute
   * of some feeds, seconds alone ({@code 0.0}, {@code 12.1}).
   *
   * @return the clock, or null when the node is missing, null or blank
   */
  static Duration minutesClock(JsonNode node, String field, String record) {
    String text = text(node);
    if (text == null || text.isBlank()) {
      return null;
    }
    String trimmed = text.trim();
    int colon = trimmed.indexOf(':');
    try {
      BigDecimal minutes =
          colon < 0 ? BigDecimal.ZERO : new BigDecimal(trimmed.substring(0, colon));
      BigDecimal seconds = new BigDecimal(trimmed.substring(colon + 1));
      BigDecimal millis = minutes.multiply(BigDecimal.valueOf(60_000))
          .add(seconds.movePointRight(3));
      return Duration.ofMillis(millis.longValueExact());
    } catch (NumberFormatException | ArithmeticException | StringIndexOutOfBoundsException e) {
      throw invalid(field, text, record, "a clock such as 11:42, 00:00.0 or 0.0");
    }
  }

  /**
   * Reads a clock given as seconds in a JSON number or string, such as {@code 521.0}.
   *
   * @return the clock, or null when the node is missing, null or empty
   */
  static Duration secondsClock(JsonNode node, String field, String record) {
    String text = text(node);
    if (text == null) {
      return null;
    }
    try {
      return Duration.ofMillis(new BigDecimal(text.trim()).movePointRight(3).longValue());
    } catch (NumberFormatException e) {
      throw invalid(field, text, record, "seconds as a number");
    }
  }

  /**
   * Reads an ISO-8601 time with an offset, with or without seconds ({@code 2023-04-21T02:00Z}
   * as ESPN sends it, {@code 2020-12-23T00:06:19.0Z} as the NBA does).
   *
   * @return the instant, or null when the node is missing, null or empty
   */
  static Instant instant(JsonNode node, String field, String record) {
    String text = text(node);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(field, text, record,
          "an ISO-8601 time with an offset such as 2023-04-21T02:00Z");
    }
  }

  /**
   * Returns a provider play type in canonical form: lower case, with each run of characters
   * other than letters and digits replaced by one dash ({@code "Bad Pass\nTurnover"} becomes
   * {@code bad-pass-turnover}). An empty type becomes {@code unspecified}.
   */
  static String playType(String providerType) {
    if (providerType == null) {
      return "unspecified";
    }
    String type = providerType.toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}]+", "-")
        .replaceAll("^-+|-+$", "");
    return type.isEmpty() ? "unspecified" : type;
  }

  static InvalidRecordException invalid(String field, String value, String record,
      String expected) {
    return new InvalidRecordException(
        "Invalid " + field + " '" + value + "' in " + record + ": expected " + expected);
  }
}
