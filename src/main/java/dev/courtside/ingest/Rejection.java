package dev.courtside.ingest;

/**
 * A record that was not accepted, and why.
 *
 * @param source file name or URL (without credentials) the record came from
 * @param record short identification of the record, such as {@code action 412 of game
 *     0022000001}
 * @param reason what is invalid, the value and what was expected
 */
public record Rejection(String source, String record, String reason) {

  @Override
  public String toString() {
    return source + ": " + record + ": " + reason;
  }
}
