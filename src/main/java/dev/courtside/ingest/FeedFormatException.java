package dev.courtside.ingest;

/**
 * A payload that no adapter can read as a whole: not valid JSON, an HTML page in place of
 * JSON, or JSON of an unknown format. Records that are merely bad inside a known format are
 * rejections in a {@link FeedBatch} instead.
 */
public class FeedFormatException extends Exception {

  private final String source;

  /** Creates the exception; {@code message} already names the source. */
  public FeedFormatException(String source, String message, Throwable cause) {
    super(message, cause);
    this.source = source;
  }

  /** Returns the file name or URL of the payload. */
  public String source() {
    return source;
  }
}
