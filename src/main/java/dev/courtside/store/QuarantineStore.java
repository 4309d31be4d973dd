package dev.courtside.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Durable list of the feed records that validation rejected, kept for operators to inspect.
 *
 * <p>{@link #add} never blocks on the database: it queues the entry and returns. Entries still
 * queued are not visible to {@link #latest} yet.
 */
public interface QuarantineStore extends AutoCloseable {

  /**
   * One rejected record.
   *
   * @param feed id of the feed that delivered it, such as {@code nba-live} or {@code push}
   * @param source URL (without credentials), file or channel the record came from
   * @param record short identification, such as {@code action 412 of game 0022000001}
   * @param reason what is invalid, the value and what was expected
   * @param excerpt the start of the raw record or payload, at most {@link #MAX_EXCERPT}
   *     characters
   * @param time when it was rejected
   */
  record Entry(String feed, String source, String record, String reason, String excerpt,
      Instant time) {

    /** Maximum length of an excerpt, in characters. */
    public static final int MAX_EXCERPT = 2000;

    public Entry {
      Objects.requireNonNull(feed, "feed");
      Objects.requireNonNull(time, "time");
      source = source == null ? "" : source;
      record = record == null ? "" : record;
      reason = reason == null ? "" : reason;
      excerpt = excerpt == null ? "" : excerpt.length() <= MAX_EXCERPT ? excerpt
          : excerpt.substring(0, MAX_EXCERPT);
    }
  }

  /**
   * Queues an entry for writing. When the queue is full the entry is dropped and counted in
   * {@link #dropped()}, because a burst of bad feed data must not hold up the feed.
   */
  void add(Entry entry);

  /**
   * Loads the newest durable entries, newest first.
   *
   * @param limit maximum entries, 1 or more
   * @throws IllegalArgumentException when {@code limit} is below 1
   */
  List<Entry> latest(int limit);

  /** Returns the number of entries dropped because the write queue was full. */
  long dropped();

  /** Writes what is queued and releases the database connection. */
  @Override
  void close();
}
