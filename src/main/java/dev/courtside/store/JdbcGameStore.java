package dev.courtside.store;

import dev.courtside.model.Game;
import dev.courtside.model.Play;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GameStore} on H2 or PostgreSQL through plain JDBC, chosen by the URL.
 *
 * <p>One writer thread takes every queued write at once and writes it as one JDBC batch in
 * one transaction. A failed batch goes back in front of the queue, where later writes of the
 * same game or play replace it, and is retried with exponential backoff until it succeeds.
 * Reads use a second connection. Either connection is opened again after a failure.
 *
 * <p>The queue contains at most {@link Options#queueCapacity()} entries after coalescing. Past
 * that, a write that would add an entry raises {@link IllegalStateException} and is not
 * accepted, while a write that replaces a queued entry, or one being written, is still
 * accepted.
 */
public final class JdbcGameStore implements GameStore {

  private static final Logger log = LoggerFactory.getLogger(JdbcGameStore.class);

  /** Migrations run by {@link #open}, the same SQL for both databases. */
  private static final String MIGRATIONS = "classpath:db/migration";

  /**
   * Settings of the store.
   *
   * @param queueCapacity maximum entries queued for writing after coalescing, 1 or more
   * @param retryMinDelay delay before the first retry of a failed batch, which doubles on
   *     each further failure
   * @param retryMaxDelay maximum delay between retries
   * @param closeTimeout maximum time {@link #close()} waits for queued writes before it
   *     drops them
   */
  public record Options(
      int queueCapacity, Duration retryMinDelay, Duration retryMaxDelay, Duration closeTimeout) {

    public Options {
      if (queueCapacity < 1) {
        throw new IllegalArgumentException(
            "Invalid queueCapacity " + queueCapacity + ": expected 1 or more");
      }
      requirePositive("retryMinDelay", retryMinDelay);
      requirePositive("retryMaxDelay", retryMaxDelay);
      if (retryMaxDelay.compareTo(retryMinDelay) < 0) {
        throw new IllegalArgumentException("Invalid retryMaxDelay " + retryMaxDelay
            + ": expected at least retryMinDelay " + retryMinDelay);
      }
      Objects.requireNonNull(closeTimeout, "closeTimeout");
      if (closeTimeout.isNegative()) {
        throw new IllegalArgumentException(
            "Invalid closeTimeout " + closeTimeout + ": expected 0 or more");
      }
    }

    /** Returns 100,000 queue entries, retries from 100 ms up to 30 s, and 30 s to close. */
    public static Options defaults() {
      return new Options(
          100_000, Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    private static void requirePositive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(
            "Invalid " + name + " " + value + ": expected more than 0");
      }
    }
  }

  private final StoreUrl url;
  private final Options options;
  private final GameTables tables;
  private final Thread writer;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition writesQueued = lock.newCondition();
  private final Condition writesDurable = lock.newCondition();
  private final Condition stopRequested = lock.newCondition();

  // Guarded by lock.
  private PendingWrites queued = new PendingWrites();
  private PendingWrites inFlight = new PendingWrites();
  private long acceptedCount;
  private long durableCount;
  private boolean stopping;

  private volatile boolean closed;
  private volatile boolean writerStopped;
  private volatile int failedAttempts;

  /** Used by the writer thread only, and by {@link #close()} once the writer has stopped. */
  private volatile Connection writerConnection;

  private final Object readLock = new Object();
  private Connection readConnection; // Guarded by readLock.

  private JdbcGameStore(StoreUrl url, Options options, Connection writerConnection) {
    this.url = url;
    this.options = options;
    this.tables = new GameTables(url.dialect());
    this.writerConnection = writerConnection;
    this.writer = new Thread(this::runWriter, "courtside-store-writer");
    // A daemon thread does not keep the JVM alive when close() is never called.
    this.writer.setDaemon(true);
  }

  /** Opens a store with {@link Options#defaults()}, as {@link #open(String, Options)} does. */
  public static JdbcGameStore open(String jdbcUrl) {
    return open(jdbcUrl, Options.defaults());
  }

  /**
   * Connects to the database, applies the migrations from {@code classpath:db/migration} and
   * starts the writer thread.
   *
   * <p>An H2 URL gets {@code ;DB_CLOSE_ON_EXIT=FALSE} unless it sets that itself, so that a
   * JVM shutdown does not close the database before {@link #close()} has flushed. A
   * PostgreSQL URL may set {@code currentSchema} to an existing schema to keep the tables
   * there, and should set {@code socketTimeout} in seconds: the driver's default is no limit,
   * so a write on a connection that stopped responding would wait until the OS drops it.
   *
   * @param jdbcUrl {@code jdbc:h2:...} or {@code jdbc:postgresql://...}, with credentials
   *     in the URL
   * @throws IllegalArgumentException when the URL is missing or of another database
   * @throws StoreException when the database cannot be reached or migrated; the message
   *     names the URL without its password
   */
  public static JdbcGameStore open(String jdbcUrl, Options options) {
    Objects.requireNonNull(options, "options");
    StoreUrl url = StoreUrl.parse(jdbcUrl);
    // The writer connection opens first because it keeps an in-memory H2 database alive
    // while Flyway opens and closes its own connections.
    Connection writerConnection = connectOrThrow(url);
    try {
      MigrateResult migration = migrate(url);
      JdbcGameStore store = new JdbcGameStore(url, options, writerConnection);
      store.writer.start();
      log.info("store opened url={} dialect={} migrationsApplied={} queueCapacity={}",
          url.redacted(), url.dialect(), migration.migrationsExecuted, options.queueCapacity());
      return store;
    } catch (RuntimeException e) {
      closeQuietly(writerConnection);
      throw e;
    }
  }

  private static Connection connectOrThrow(StoreUrl url) {
    try {
      return connect(url);
    } catch (SQLException e) {
      throw new StoreException(
          "Failed to connect to the store at " + url.redacted() + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect(StoreUrl url) throws SQLException {
    return DriverManager.getConnection(url.connectionUrl());
  }

  private static MigrateResult migrate(StoreUrl url) {
    try {
      return Flyway.configure()
          .dataSource(url.connectionUrl(), null, null)
          .locations(MIGRATIONS)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException(
          "Failed to migrate the store at " + url.redacted() + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == failure ? failure.getMessage() : failure.getMessage() + ": " + root;
  }

  @Override
  public void saveGame(Game game) {
    Objects.requireNonNull(game, "game");
    enqueue(() -> "saveGame for game " + game.id(),
        queue -> queue.replaces(game), queue -> queue.addGame(game));
  }

  @Override
  public void savePlay(Play play) {
    Objects.requireNonNull(play, "play");
    enqueue(() -> "savePlay " + play.action() + " for game " + play.gameId(),
        queue -> queue.replaces(play), queue -> queue.addPlay(play));
  }

  @Override
  public void deletePlays(String gameId) {
    Objects.requireNonNull(gameId, "gameId");
    enqueue(() -> "deletePlays for game " + gameId,
        queue -> queue.replacesDeletion(gameId), queue -> queue.addPlayDeletion(gameId));
  }

  private void enqueue(Supplier<String> request, Predicate<PendingWrites> replacesEntry,
      Consumer<PendingWrites> add) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException(
            "Rejected " + request.get() + " because the store is closed");
      }
      int queuedSize = queued.size() + inFlight.size();
      boolean replaces = replacesEntry.test(queued) || replacesEntry.test(inFlight);
      if (queuedSize >= options.queueCapacity() && !replaces) {
        throw new IllegalStateException("Rejected " + request.get()
            + " because the store write queue is full: " + queuedSize
            + " writes are waiting for the database at " + url.redacted());
      }
      add.accept(queued);
      acceptedCount++;
      writesQueued.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Game> loadGames() {
    return read("load games", tables::loadGames);
  }

  @Override
  public Optional<Game> loadGame(String id) {
    Objects.requireNonNull(id, "id");
    return read("load game " + id, connection -> tables.loadGame(connection, id));
  }

  @Override
  public List<Play> loadPlays(String gameId, Long beforeOrder, int limit) {
    Objects.requireNonNull(gameId, "gameId");
    if (limit < 0) {
      throw new IllegalArgumentException("Invalid limit " + limit + ": expected 0 or more");
    }
    return read("load plays of game " + gameId,
        connection -> tables.loadPlays(connection, gameId, beforeOrder, limit));
  }

  /** A query on the read connection. */
  private interface Query<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(String request, Query<T> query) {
    synchronized (readLock) {
      if (closed) {
        throw new IllegalStateException("Rejected " + request + " because the store is closed");
      }
      try {
        if (readConnection == null) {
          readConnection = connect(url);
        }
        return query.run(readConnection);
      } catch (SQLException e) {
        // The connection may be broken, so the next read opens a new one.
        closeQuietly(readConnection);
        readConnection = null;
        throw new StoreException(
            "Failed to " + request + " from " + url.redacted() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void flush() {
    if (flush(Duration.ofNanos(Long.MAX_VALUE))) {
      return;
    }
    String reason = Thread.currentThread().isInterrupted()
        ? "the thread was interrupted" : "the store was closed";
    throw new IllegalStateException("Failed to flush the store at " + url.redacted()
        + " because " + reason + " before the queued writes were durable");
  }

  @Override
  public boolean flush(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    lock.lock();
    try {
      long target = acceptedCount;
      long remainingNanos = timeout.toNanos();
      while (durableCount < target) {
        if (remainingNanos <= 0 || writerStopped) {
          return false;
        }
        remainingNanos = writesDurable.awaitNanos(remainingNanos);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean healthy() {
    return !closed && !writerStopped && failedAttempts == 0;
  }

  /**
   * Flushes the accepted writes, waiting at most {@link Options#closeTimeout()}, then stops
   * the writer and closes the connections. Writes still queued after the timeout are
   * dropped and logged at ERROR with their count.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }

    boolean flushed = flush(options.closeTimeout());
    int unwritten = stopWriter();
    if (!flushed) {
      log.error("store closed with unwritten writes url={} unwritten={} closeTimeoutMs={}",
          url.redacted(), unwritten, options.closeTimeout().toMillis());
    }

    synchronized (readLock) {
      closeQuietly(readConnection);
      readConnection = null;
    }
    log.info("store closed url={} unwritten={}", url.redacted(), unwritten);
  }

  /** Stops the writer thread and returns how many queued writes it left unwritten. */
  private int stopWriter() {
    int unwritten;
    lock.lock();
    try {
      stopping = true;
      unwritten = queued.size() + inFlight.size();
      writesQueued.signalAll();
      stopRequested.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      writer.join(Math.max(1, options.closeTimeout().toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A writer stuck in a database call is released by closing its connection under it.
    closeQuietly(writerConnection);
    return unwritten;
  }

  private void runWriter() {
    try {
      while (true) {
        PendingWrites batch;
        long acceptedUpTo;
        lock.lock();
        try {
          while (queued.isEmpty() && !stopping) {
            writesQueued.await();
          }
          if (stopping) {
            return;
          }
          batch = queued;
          queued = new PendingWrites();
          inFlight = batch;
          acceptedUpTo = acceptedCount;
        } finally {
          lock.unlock();
        }
        writeBatch(batch, acceptedUpTo);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.error("store writer interrupted url={}", url.redacted(), e);
    } catch (RuntimeException | Error e) {
      log.error("store writer stopped url={}", url.redacted(), e);
      throw e;
    } finally {
      closeQuietly(writerConnection);
      writerConnection = null;
      lock.lock();
      try {
        writerStopped = true;
        writesDurable.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void writeBatch(PendingWrites batch, long acceptedUpTo) throws InterruptedException {
    try {
      if (writerConnection == null) {
        writerConnection = connect(url);
      }
      tables.write(writerConnection, batch);
    } catch (SQLException | RuntimeException e) {
      // The connection may be broken, so the next attempt opens a new one.
      closeQuietly(writerConnection);
      writerConnection = null;
      long retryInMs = requeueFailedBatch(batch, e);
      awaitRetry(retryInMs);
      return;
    }
    markDurable(acceptedUpTo);
  }

  private void markDurable(long acceptedUpTo) {
    int attemptsBefore = failedAttempts;
    lock.lock();
    try {
      inFlight = new PendingWrites();
      durableCount = acceptedUpTo;
      // Reset before waking flush() callers, so that healthy() is true when flush returns.
      failedAttempts = 0;
      writesDurable.signalAll();
    } finally {
      lock.unlock();
    }
    if (attemptsBefore > 0) {
      log.info("store write recovered url={} failedAttempts={}", url.redacted(),
          attemptsBefore);
    }
  }

  /**
   * Puts a failed batch back in front of the writes queued since, logs the failure and
   * returns the delay before the next attempt.
   */
  private long requeueFailedBatch(PendingWrites batch, Exception failure) {
    int queuedSize;
    lock.lock();
    try {
      batch.addAll(queued);
      queued = batch;
      inFlight = new PendingWrites();
      queuedSize = queued.size();
    } finally {
      lock.unlock();
    }

    int attempts = failedAttempts + 1;
    failedAttempts = attempts;
    long retryInMs = retryDelayMs(attempts);
    if (attempts == 1) {
      // One WARN per failure streak; the recovery line gives the streak's length.
      log.warn("store write failed attempts={} retryInMs={} queued={} url={}",
          attempts, retryInMs, queuedSize, url.redacted(), failure);
    } else {
      log.debug("store write failed attempts={} retryInMs={} queued={} url={} cause={}",
          attempts, retryInMs, queuedSize, url.redacted(), failure.toString());
    }
    return retryInMs;
  }

  private long retryDelayMs(int attempts) {
    long maxMs = Math.max(1, options.retryMaxDelay().toMillis());
    long delayMs = Math.max(1, options.retryMinDelay().toMillis());
    for (int attempt = 1; attempt < attempts && delayMs < maxMs; attempt++) {
      delayMs *= 2;
    }
    return Math.min(delayMs, maxMs);
  }

  /** Waits before a retry, returning early when the store stops. */
  private void awaitRetry(long delayMs) throws InterruptedException {
    lock.lock();
    try {
      long remainingNanos = TimeUnit.MILLISECONDS.toNanos(delayMs);
      while (remainingNanos > 0 && !stopping) {
        remainingNanos = stopRequested.awaitNanos(remainingNanos);
      }
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("store connection close failed cause={}", e.toString());
    }
  }
}
