package dev.courtside.ingest;

import dev.courtside.engine.GameWriter;
import dev.courtside.model.Game;
import dev.courtside.model.Play;
import dev.courtside.model.Team;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A feed of made-up games for load tests: a number of games that together receive a set rate
 * of updates per second, which can be changed while the feed runs.
 *
 * <p>Each update is one scoring play applied through the {@link GameWriter}, to the games in
 * turn. The play's {@code time} is the wall-clock instant at which the feed applied it, with
 * microsecond precision, so a client can compute publish-to-receive latency from the
 * {@code lastPlay.time} of a delta. A game restarts after {@value #PERIODS} periods of
 * {@value #PLAYS_PER_PERIOD} plays, which keeps the engine's memory bounded at any rate; the
 * restart is an update too, without a play.
 *
 * <p>The feed runs on one daemon thread that it owns. When the writer is slower than the
 * rate, the feed never queues more than one second of updates: it skips the rest and counts
 * them in {@link #skipped()}.
 */
public final class SyntheticFeed {

  /** League id of every synthetic game. */
  public static final String LEAGUE = "syn";

  /** Plays in each period of a synthetic game. */
  public static final int PLAYS_PER_PERIOD = 100;

  /** Periods before a synthetic game restarts. */
  public static final int PERIODS = 4;

  /** Maximum rate in updates per second. */
  public static final double MAX_RATE = 1_000_000;

  /** Maximum number of games. */
  public static final int MAX_GAMES = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(SyntheticFeed.class);
  private static final Duration PERIOD_LENGTH = Duration.ofMinutes(12);

  private final GameWriter writer;
  private final Clock clock;
  private final SyntheticGame[] games;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile double rate;
  private volatile boolean running;
  private volatile Thread thread;
  private int next;

  /**
   * Creates a feed. Its games are created by {@link #start()}.
   *
   * @param games number of games, 1 to {@value #MAX_GAMES}
   * @param rate updates per second across all games, 0 (paused) to {@value #MAX_RATE}
   * @param clock source of the play times
   * @throws IllegalArgumentException when {@code games} or {@code rate} is out of range
   */
  public SyntheticFeed(GameWriter writer, int games, double rate, Clock clock) {
    if (games < 1 || games > MAX_GAMES) {
      throw new IllegalArgumentException("Invalid synthetic game count " + games
          + ": expected 1 to " + MAX_GAMES);
    }
    checkRate(rate);
    this.writer = Objects.requireNonNull(writer, "writer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rate = rate;
    this.games = new SyntheticGame[games];
    Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < games; i++) {
      this.games[i] = new SyntheticGame(header(i + 1, start));
    }
  }

  /** Returns the id of the synthetic game with the given 1-based index, such as syn-0001. */
  public static String gameId(int index) {
    return String.format("syn-%04d", index);
  }

  private static Game header(int index, Instant start) {
    String number = String.format("%04d", index);
    Team home = new Team(LEAGUE, "h" + number, "Home " + number, "H" + number, "");
    Team away = new Team(LEAGUE, "a" + number, "Away " + number, "A" + number, "");
    return Game.scheduled(gameId(index), LEAGUE, start, home, away, PERIODS);
  }

  /** Returns the number of games. */
  public int gameCount() {
    return games.length;
  }

  /** Returns the rate in updates per second. */
  public double rate() {
    return rate;
  }

  /**
   * Sets the rate in updates per second, which applies from the next update on.
   *
   * @throws IllegalArgumentException when {@code newRate} is below 0, above
   *     {@value #MAX_RATE} or not a number
   */
  public void setRate(double newRate) {
    checkRate(newRate);
    rate = newRate;
    Thread running = thread;
    if (running != null) {
      LockSupport.unpark(running);
    }
    LOG.info("synthetic feed rate changed rate={} games={}", newRate, games.length);
  }

  private static void checkRate(double rate) {
    if (!(rate >= 0 && rate <= MAX_RATE)) {
      throw new IllegalArgumentException("Invalid synthetic rate " + rate
          + ": expected 0 to " + (long) MAX_RATE + " updates per second");
    }
  }

  /** Returns the updates applied since start, restarts included. */
  public long published() {
    return published.get();
  }

  /** Returns the updates skipped because the writer fell more than one second behind. */
  public long skipped() {
    return skipped.get();
  }

  /** Returns the updates whose writer call failed. Only the first failure is logged. */
  public long failed() {
    return failed.get();
  }

  /**
   * Creates the games and starts the feed thread.
   *
   * @throws IllegalStateException when called more than once
   */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("Synthetic feed already started");
    }
    for (SyntheticGame game : games) {
      writer.applyHeader(game.header);
    }
    running = true;
    thread = new Thread(this::run, "courtside-synthetic");
    thread.setDaemon(true);
    thread.start();
    LOG.info("synthetic feed started games={} rate={}", games.length, rate);
  }

  /** Stops the feed thread and waits up to 5 s for it to end. Does nothing when not running. */
  public void stop() {
    running = false;
    Thread current;
    synchronized (this) {
      current = thread;
    }
    if (current == null || current == Thread.currentThread()) {
      return;
    }
    LockSupport.unpark(current);
    try {
      current.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("synthetic feed stopped published={} skipped={} failed={}", published(),
        skipped(), failed());
  }

  /**
   * Applies the next update now, on the caller's thread: the next play of the next game in
   * turn, or that game's restart after its last play. The feed thread calls this at the rate,
   * and tests call it directly on a feed that was not started.
   */
  public void publishNext() {
    SyntheticGame game = games[next];
    next = (next + 1) % games.length;
    try {
      if (game.plays == PERIODS * PLAYS_PER_PERIOD) {
        game.restart();
        writer.restart(game.header);
      } else {
        writer.applyPlay(game.nextPlay(Instant.now(clock).truncatedTo(ChronoUnit.MICROS)));
      }
    } catch (RuntimeException e) {
      // Only the first failure is logged with its cause. Later ones are only counted, so a
      // store that rejects writes at a high rate does not flood the log.
      if (failed.getAndIncrement() == 0) {
        LOG.error("synthetic update failed game={}", game.header.id(), e);
      }
    }
    published.incrementAndGet();
  }

  private void run() {
    long windowStart = System.nanoTime();
    long sentInWindow = 0;
    double windowRate = rate;
    while (running) {
      double current = rate;
      long now = System.nanoTime();
      if (current != windowRate) {
        windowStart = now;
        sentInWindow = 0;
        windowRate = current;
      }
      if (current == 0) {
        LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
        continue;
      }
      // The first update of a window is due at its start, the n-th after (n - 1) / rate.
      long due = (long) ((now - windowStart) * current / 1e9) + 1;
      long maxBehind = Math.max(1, (long) current);
      if (due - sentInWindow > maxBehind) {
        skipped.addAndGet(due - sentInWindow - maxBehind);
        sentInWindow = due - maxBehind;
      }
      while (sentInWindow < due && running && rate == current) {
        publishNext();
        sentInWindow++;
      }
      long nextDue = windowStart + (long) (sentInWindow * 1e9 / current);
      long waitNanos = nextDue - System.nanoTime();
      if (waitNanos > 0) {
        LockSupport.parkNanos(this, waitNanos);
      }
    }
  }

  /** The progress of one synthetic game: plays so far in this pass and the scores. */
  private static final class SyntheticGame {
    private final Game header;
    private int plays;
    private int scoreHome;
    private int scoreAway;

    SyntheticGame(Game header) {
      this.header = header;
    }

    void restart() {
      plays = 0;
      scoreHome = 0;
      scoreAway = 0;
    }

    /** Returns the next scoring play, alternating between home and away. */
    Play nextPlay(Instant time) {
      plays++;
      int period = (plays - 1) / PLAYS_PER_PERIOD + 1;
      int inPeriod = (plays - 1) % PLAYS_PER_PERIOD;
      Duration clock = PERIOD_LENGTH.minus(PERIOD_LENGTH.multipliedBy(inPeriod)
          .dividedBy(PLAYS_PER_PERIOD));
      boolean homeScores = plays % 2 == 1;
      Team team = homeScores ? header.home().team() : header.away().team();
      if (homeScores) {
        scoreHome += 2;
      } else {
        scoreAway += 2;
      }
      return new Play(header.id(), plays, plays, period, clock, team.id(), "2pt", "Jump shot",
          scoreHome, scoreAway, time, false);
    }
  }
}
