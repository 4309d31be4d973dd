package dev.courtside.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One URL that the {@link FeedScheduler} polls, with its schedule, conditional-request
 * validators, failure streak and circuit breaker. Guarded by the scheduler's lock.
 */
public final class PollTarget {

  /** Reads a polled body. */
  public interface BodyHandler {

    /**
     * Reads and applies a body.
     *
     * @return null when the body was read, or why it could not be, which counts as a failure
     */
    String accept(PollTarget target, byte[] body);
  }

  final String feed;
  final String url;
  final Duration interval;
  final BodyHandler handler;
  final CircuitBreaker breaker;
  final Set<String> games = new LinkedHashSet<>();
  Instant nextDue;
  boolean inFlight;
  boolean removed;
  int failures;
  Instant failingSince;
  boolean staleReported;
  String etag;
  String lastModified;
  long polls;
  long notModified;

  PollTarget(String feed, String url, Duration interval, BodyHandler handler,
      CircuitBreaker breaker, Instant firstDue) {
    this.feed = feed;
    this.url = url;
    this.interval = interval;
    this.handler = handler;
    this.breaker = breaker;
    this.nextDue = firstDue;
  }

  public String feed() {
    return feed;
  }

  public String url() {
    return url;
  }

  /** Returns the games this URL delivers, which turn stale while it fails. */
  public synchronized Set<String> games() {
    return Set.copyOf(games);
  }

  /** Records that this URL delivers the game. */
  public synchronized void addGame(String gameId) {
    games.add(gameId);
  }
}
