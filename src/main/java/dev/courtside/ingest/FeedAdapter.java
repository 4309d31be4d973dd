package dev.courtside.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An adapter: turns one payload of one provider format into canonical games and plays.
 *
 * <p>Adapters are stateless and never throw on bad records: a record they cannot read is
 * reported in {@link FeedBatch#rejections()} and the rest of the payload goes on.
 */
public interface FeedAdapter {

  /** Returns the format name, such as {@code nba-playbyplay}, used in logs and metrics. */
  String format();

  /** Returns true when the parsed payload has the shape of this adapter's format. */
  boolean recognizes(JsonNode root);

  /**
   * Converts a payload this adapter recognizes.
   *
   * @param root the parsed payload
   * @param source where the payload came from (file name or URL without credentials), for
   *     rejection reasons
   */
  FeedBatch adapt(JsonNode root, String source);
}
