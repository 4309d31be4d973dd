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
 * Reads use a second connection. Either connection is opened again after a failure. The
 * writer logs under {@code dev.courtside.store.StoreWriter}.
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
  private final StoreWriter writer;

  private volatile boolean closed;

  private final Object readLock = new Object();
  private Connection readConnection; // Guarded by readLock.

  private JdbcGameStore(StoreUrl url, Options options, Connection writerConnection) {
    this.url = url;
    this.options = options;
    this.tables = new GameTables(url.dialect());
    this.writer = new StoreWriter(url, options, tables, writerConnection);
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
      StoreWriter.closeQuietly(writerConnection);
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
    writer.enqueue(() -> "saveGame for game " + game.id(),
        queue -> queue.replaces(game), queue -> queue.addGame(game));
  }

  @Override
  public void savePlay(Play play) {
    Objects.requireNonNull(play, "play");
    writer.enqueue(() -> "savePlay " + play.action() + " for game " + play.gameId(),
        queue -> queue.replaces(play), queue -> queue.addPlay(play));
  }

  @Override
  public void deletePlays(String gameId) {
    Objects.requireNonNull(gameId, "gameId");
    writer.enqueue(() -> "deletePlays for game " + gameId,
        queue -> queue.replacesDeletion(gameId), queue -> queue.addPlayDeletion(gameId));
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
        StoreWriter.closeQuietly(readConnection);
        readConnection = null;
        throw new StoreException(
            "Failed to " + request + " from " + url.redacted() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public boolean flush(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return writer.flush(timeout);
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
  public boolean healthy() {
    return !closed && writer.healthy();
  }

  /**
   * Flushes the accepted writes, waiting at most {@link Options#closeTimeout()}, then stops
   * the writer and closes the connections. Writes still queued after the timeout are
   * dropped and logged at ERROR with their count.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }

    int unwritten = writer.close(options.closeTimeout());
    synchronized (readLock) {
      StoreWriter.closeQuietly(readConnection);
      readConnection = null;
    }
    log.info("store closed url={} unwritten={}", url.redacted(), unwritten);
  }
}
