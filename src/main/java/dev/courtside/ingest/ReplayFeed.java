package dev.courtside.ingest;

import dev.courtside.engine.GameWriter;
import dev.courtside.ingest.ReplayPlan.GamePlan;
import dev.courtside.ingest.ReplayPlan.TimedPlay;
import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A feed that replays recorded payloads through a {@link GameWriter}, each game on its own
 * timeline and all games starting together.
 *
 * <p>A game's timeline is the feed time of its plays ({@link Play#time()}, or the game clock
 * when the recording has no wall-clock times), with gaps longer than 60 seconds (halftime,
 * reviews) cut to 60 seconds, divided by the speed. Games that have only snapshots
 * (scoreboards) get them once at the start. When a recording has plays for a game, a snapshot
 * of the same game serves only as its header, so its final state comes from the plays.
 *
 * <p>The replay runs on one daemon thread that this feed owns. With {@code loop}, it waits
 * {@code loopPause} after the last play, restarts every game that has plays and plays them
 * again, until {@link #stop()}.
 */
public final class ReplayFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayFeed.class);

  private final ReplayPlan plan;
  private final GameWriter writer;
  private final double speed;
  private final boolean loop;
  private final Duration loopPause;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private Thread thread;

  /**
   * Reads and validates the recordings. The replay begins with {@link #start()}.
   *
   * @param recordings payloads of any known format, where unreadable ones are skipped with a
   *     WARN
   * @param speed 1 for real time, 10 for ten times faster, 0 for as fast as possible with no
   *     waiting and no looping
   * @param loop whether to play the games again after all of them ended, ignored at speed 0
   * @param loopPause wait between the end of the last game and the restart
   * @throws IllegalArgumentException when the speed is negative or not a number
   */
  public ReplayFeed(List<Recording> recordings, GameWriter writer, double speed, boolean loop,
      Duration loopPause) {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("Invalid replay speed " + speed
          + ": expected 0 (as fast as possible) or a positive factor such as 1 or 10");
    }
    if (loopPause.isNegative()) {
      throw new IllegalArgumentException(
          "Invalid replay loop pause " + loopPause + ": expected zero or more");
    }
    this.writer = Objects.requireNonNull(writer, "writer");
    this.speed = speed;
    this.loop = loop && speed > 0;
    this.loopPause = loopPause;
    this.plan = ReplayPlan.build(recordings);
  }

  /** Returns the number of games the replay creates or updates. */
  public int gameCount() {
    return plan.games().size();
  }

  /** Returns the number of plays in one pass of the replay. */
  public int playCount() {
    return plan.timeline().size();
  }

  /**
   * Starts the replay thread.
   *
   * @throws IllegalStateException when called more than once
   */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("Replay already started");
    }
    LOG.info("replay started recordings={} games={} plays={} speed={} loop={}",
        plan.recordingNames(), gameCount(), playCount(), speed, loop);
    thread = new Thread(this::run, "courtside-replay");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Stops the replay: the thread ends before its next writer call and {@link #finished()}
   * completes. Does nothing when the replay is not running.
   */
  public void stop() {
    stopSignal.countDown();
    Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    finished.complete(null);
  }

  /**
   * Returns a future that completes when the replay has played every game once (without
   * {@code loop}) or was stopped, and completes exceptionally if the replay thread failed.
   */
  public CompletableFuture<Void> finished() {
    return finished;
  }

  private void run() {
    long startNanos = System.nanoTime();
    try {
      applyStart(false);
      // A replay with no plays has nothing to loop over, so it ends after the snapshots.
      boolean canLoop = loop && !plan.timeline().isEmpty();
      while (playOnce() && canLoop) {
        if (!pause(loopPause.toNanos())) {
          break;
        }
        applyStart(true);
      }
      LOG.info("replay finished games={} plays={} elapsedMs={} stopped={}", gameCount(),
          playCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
          stopSignal.getCount() == 0);
      finished.complete(null);
    } catch (RuntimeException | Error e) {
      LOG.error("replay failed games={} plays={}", gameCount(), playCount(), e);
      finished.completeExceptionally(e);
      if (e instanceof Error error) {
        throw error;
      }
    }
  }

  /** Applies the snapshots on the first pass, and every game's header or restart. */
  private void applyStart(boolean restart) {
    for (GamePlan game : plan.games()) {
      if (game.header() == null) {
        if (!restart) {
          game.snapshots().forEach(snapshot -> write(snapshot.id(),
              () -> writer.applySnapshot(snapshot)));
        }
        continue;
      }
      Game header = game.header();
      write(game.gameId(), () -> {
        // A game already held (a restart on the same database) starts over too, because plays
        // older than its stored state would otherwise change nothing until they caught up.
        if (restart || writer.current(header.id()).isPresent()) {
          writer.restart(header);
        } else {
          writer.applyHeader(header);
        }
      });
    }
  }

  /** Plays the timeline once and returns false when stopped before the end. */
  private boolean playOnce() {
    long passStart = System.nanoTime();
    for (TimedPlay timed : plan.timeline()) {
      if (speed > 0) {
        long due = passStart + (long) (timed.offset().toNanos() / speed);
        if (!pause(due - System.nanoTime())) {
          return false;
        }
      } else if (stopSignal.getCount() == 0) {
        return false;
      }
      Play play = timed.play();
      write(play.gameId(), () -> writer.applyPlay(play));
    }
    return true;
  }

  /** Waits up to {@code nanos} and returns false when stopped meanwhile. */
  private boolean pause(long nanos) {
    if (nanos <= 0) {
      return stopSignal.getCount() > 0;
    }
    try {
      return !stopSignal.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs one writer call. The engine trusts validated input, so an exception here is a bug in
   * Courtside: it is logged at ERROR and the replay goes on with the next call.
   */
  private void write(String gameId, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("replay write failed game={}", gameId, e);
    }
  }
}
