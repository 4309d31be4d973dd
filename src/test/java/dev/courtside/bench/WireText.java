package dev.courtside.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Allocation-free scanning of JSON and HTTP text in Netty buffers, for the load generator's
 * per-message path. The scans assume the compact JSON that the servers under test write:
 * no spaces around {@code :} and {@code ,}.
 */
final class WireText {

  static final byte[] TIME = bytes("\"time\":\"");
  static final byte[] SEQ = bytes("\"seq\":");
  static final byte[] ENVELOPE_SEQ = bytes(",\"seq\":");
  static final byte[] CHANNEL_START = bytes("{\"channel\":\"");
  static final byte[] EPOCH = bytes(",\"epoch\":\"");
  static final byte[] TYPE = bytes(",\"type\":\"");
  static final byte[] RESYNC = bytes(",\"resync\":true");
  static final byte[] HEADER_END = bytes("\r\n\r\n");
  static final byte[] LINE_END = bytes("\r\n");
  static final byte[] EVENT_END = bytes("\n\n");
  static final byte[] DATA = bytes("data: ");
  static final byte[] AFTER = bytes("\"after\":\"");
  static final byte[] CONTENT_LENGTH = bytes("content-length:");
  static final byte[] CHUNKED = bytes("transfer-encoding: chunked");

  private WireText() {}

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the index of {@code needle} in {@code [from, to)} of the buffer, or -1. */
  static int indexOf(ByteBuf buf, int from, int to, byte[] needle) {
    int last = to - needle.length;
    byte first = needle[0];
    for (int i = from; i <= last; i++) {
      if (buf.getByte(i) != first) {
        continue;
      }
      int j = 1;
      while (j < needle.length && buf.getByte(i + j) == needle[j]) {
        j++;
      }
      if (j == needle.length) {
        return i;
      }
    }
    return -1;
  }

  /** Returns the index of {@code needle} in {@code [from, to)}, ignoring ASCII case, or -1. */
  static int indexOfIgnoreCase(ByteBuf buf, int from, int to, byte[] lowerNeedle) {
    int last = to - lowerNeedle.length;
    for (int i = from; i <= last; i++) {
      int j = 0;
      while (j < lowerNeedle.length && lower(buf.getByte(i + j)) == lowerNeedle[j]) {
        j++;
      }
      if (j == lowerNeedle.length) {
        return i;
      }
    }
    return -1;
  }

  private static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
  }

  /** Returns true when the buffer contains {@code prefix} at {@code index}. */
  static boolean startsWith(ByteBuf buf, int index, int to, byte[] prefix) {
    if (to - index < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf.getByte(index + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses a non-negative decimal number at {@code index}, skipping spaces first. Returns -1
   * when no digit is there.
   */
  static long parseLong(ByteBuf buf, int index, int to) {
    int i = index;
    while (i < to && buf.getByte(i) == ' ') {
      i++;
    }
    long value = -1;
    while (i < to) {
      byte b = buf.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = (value < 0 ? 0 : value * 10) + (b - '0');
      i++;
    }
    return value;
  }

  /** Parses a hexadecimal number at {@code index}, as in a chunk-size line; -1 when none. */
  static long parseHex(ByteBuf buf, int index, int to) {
    long value = -1;
    for (int i = index; i < to; i++) {
      int digit = Character.digit(buf.getByte(i), 16);
      if (digit < 0) {
        break;
      }
      value = (value < 0 ? 0 : value * 16) + digit;
    }
    return value;
  }

  /**
   * Finds the first {@code "time":"...Z"} in {@code [from, to)} and returns that instant in
   * microseconds since the epoch, or -1 when there is none or it is malformed.
   */
  static long findTimeMicros(ByteBuf buf, int from, int to) {
    int at = indexOf(buf, from, to, TIME);
    return at < 0 ? -1 : parseIsoMicros(buf, at + TIME.length, to);
  }

  /**
   * Parses an ISO-8601 UTC instant such as {@code 2026-12-04T16:35:55.722530Z}, as
   * {@code Instant.toString()} writes it: 0, 3, 6 or 9 fraction digits. Returns microseconds
   * since the epoch, or -1 when the text has another form.
   */
  static long parseIsoMicros(ByteBuf buf, int index, int to) {
    if (to - index < 20 || buf.getByte(index + 4) != '-' || buf.getByte(index + 10) != 'T') {
      return -1;
    }
    int year = digits(buf, index, 4);
    int month = digits(buf, index + 5, 2);
    int day = digits(buf, index + 8, 2);
    int hour = digits(buf, index + 11, 2);
    int minute = digits(buf, index + 14, 2);
    int second = digits(buf, index + 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return -1;
    }
    long micros = 0;
    int i = index + 19;
    if (buf.getByte(i) == '.') {
      int scale = 100_000;
      i++;
      while (i < to && buf.getByte(i) != 'Z') {
        int digit = buf.getByte(i) - '0';
        if (digit < 0 || digit > 9) {
          return -1;
        }
        micros += (long) digit * scale;
        scale /= 10;
        i++;
      }
    }
    long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    return seconds * 1_000_000L + micros;
  }

  private static int digits(ByteBuf buf, int index, int count) {
    int value = 0;
    for (int i = 0; i < count; i++) {
      int digit = buf.getByte(index + i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** Returns days since 1970-01-01 of a proleptic Gregorian date (days-from-civil). */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int monthIndex = (month + 9) % 12;
    int dayOfYear = (153 * monthIndex + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468L;
  }

  /** Returns the bytes of {@code [from, to)} as text. */
  static String text(ByteBuf buf, int from, int to) {
    return buf.toString(from, to - from, StandardCharsets.UTF_8);
  }
}
