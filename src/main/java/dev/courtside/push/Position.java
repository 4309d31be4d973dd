package dev.courtside.push;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The last message a client applied on one channel: the channel's epoch and the seq.
 *
 * <p>As text, used in SSE event ids and the {@code after} parameter of long polling, it is
 * {@code channel|epoch|seq}, and the positions of several channels are joined with commas.
 */
public record Position(String channel, String epoch, long seq) {

  /** Channel names: 1 to 100 characters from {@code [A-Za-z0-9:_.-]}. */
  public static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9:_.\\-]{1,100}");

  private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

  /** Most positions accepted in one text, so a hostile header cannot cost much to parse. */
  public static final int MAX_POSITIONS = 100;

  /** Formats positions as {@code channel|epoch|seq} joined by commas. */
  public static String format(Collection<Position> positions) {
    StringBuilder text = new StringBuilder();
    for (Position position : positions) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(position.channel).append('|').append(position.epoch).append('|')
          .append(position.seq);
    }
    return text.toString();
  }

  /**
   * Parses positions written by {@link #format}. An empty or null text gives no positions.
   *
   * @throws IllegalArgumentException naming the part that is invalid and what was expected
   */
  public static List<Position> parse(String text) {
    List<Position> positions = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return positions;
    }
    String[] parts = text.split(",", MAX_POSITIONS + 1);
    if (parts.length > MAX_POSITIONS) {
      throw new IllegalArgumentException(
          "Too many positions: expected at most " + MAX_POSITIONS);
    }
    for (String part : parts) {
      positions.add(parseOne(part.trim()));
    }
    return positions;
  }

  private static Position parseOne(String part) {
    String[] fields = part.split("\\|", -1);
    if (fields.length != 3) {
      throw new IllegalArgumentException(
          "Invalid position '" + abbreviate(part) + "': expected channel|epoch|seq");
    }
    if (!CHANNEL_NAME.matcher(fields[0]).matches()) {
      throw new IllegalArgumentException("Invalid channel name '" + abbreviate(fields[0])
          + "': expected 1 to 100 characters from A-Z a-z 0-9 : _ . -");
    }
    if (!EPOCH.matcher(fields[1]).matches()) {
      throw new IllegalArgumentException("Invalid epoch '" + abbreviate(fields[1])
          + "' for channel " + fields[0] + ": expected 1 to 64 letters or digits");
    }
    return new Position(fields[0], fields[1], parseSeq(fields[2], fields[0]));
  }

  /**
   * Parses a seq sent by a client.
   *
   * @throws IllegalArgumentException when it is not a whole number from 0 to 2^53
   */
  public static long parseSeq(String text, String channel) {
    try {
      long seq = Long.parseLong(text);
      if (seq < 0 || seq > (1L << 53)) {
        throw new NumberFormatException();
      }
      return seq;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid seq '" + abbreviate(text) + "' for channel "
          + channel + ": expected a whole number from 0 to 9007199254740992");
    }
  }

  /** Shortens client text quoted in an error to 40 characters. */
  static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
