package dev.courtside.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reader of the HTTP {@code Retry-After} header (RFC 9110, section 10.2.3), which is either a
 * number of seconds or an HTTP-date such as {@code Wed, 21 Oct 2015 07:28:00 GMT}.
 */
public final class RetryAfter {

  /** Maximum wait accepted from a provider. A longer one is cut to this. */
  public static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /**
   * Returns the delay the header requests, from now by {@code clock}, or null when the header
   * is missing or unreadable. A date in the past gives zero.
   */
  public static Duration parse(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    Duration delay;
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        delay = Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        delay = MAX;
      }
    } else {
      try {
        ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        delay = Duration.between(clock.instant(), date.toInstant());
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }
}
