package dev.courtside.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link QuarantineStore} in the {@code quarantine} table of H2 or PostgreSQL.
 *
 * <p>One background thread writes the queued entries. The table keeps the newest
 * {@link #MAX_ROWS} entries, and older ones are deleted as new ones arrive. A failed write is
 * logged at WARN and the entry is lost, because quarantine is a diagnostic aid, not game data.
 */
public final class JdbcQuarantineStore implements QuarantineStore {

  /** Entries kept in the table. */
  public static final int MAX_ROWS = 10_000;

  /** Entries waiting to be written; more are dropped. */
  static final int QUEUE_CAPACITY = 1_000;

  private static final Logger log = LoggerFactory.getLogger(JdbcQuarantineStore.class);

  private static final String INSERT = "INSERT INTO quarantine"
      + " (feed, source, record_id, reason, excerpt, rejected_at) VALUES (?, ?, ?, ?, ?, ?)";
  private static final String SELECT_LATEST = "SELECT feed, source, record_id, reason,"
      + " excerpt, rejected_at FROM quarantine ORDER BY id DESC";
  private static final String PRUNE = "DELETE FROM quarantine WHERE id <= ?";

  private final StoreUrl url;
  private final ExecutorService writer;
  private final AtomicLong dropped = new AtomicLong();
  private Connection connection; // Guarded by this.
  private boolean closed; // Guarded by this.

  private JdbcQuarantineStore(StoreUrl url) {
    this.url = url;
    this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
          Thread thread = new Thread(runnable, "courtside-quarantine-writer");
          thread.setDaemon(true);
          return thread;
        }, (runnable, executor) -> dropped.incrementAndGet());
  }

  /**
   * Opens the store and applies the migrations from {@code classpath:db/migration}, as
   * {@link JdbcGameStore#open} does; applying them twice changes nothing.
   *
   * @throws IllegalArgumentException when the URL is missing or of another database
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static JdbcQuarantineStore open(String jdbcUrl) {
    StoreUrl url = StoreUrl.parse(jdbcUrl);
    JdbcQuarantineStore store = new JdbcQuarantineStore(url);
    synchronized (store) {
      try {
        store.connection = DriverManager.getConnection(url.connectionUrl());
        Flyway.configure().dataSource(url.connectionUrl(), null, null)
            .locations("classpath:db/migration").load().migrate();
      } catch (SQLException | FlywayException e) {
        store.closeConnection();
        throw new StoreException("Failed to open the quarantine at " + url.redacted() + ": "
            + e.getMessage(), e);
      }
    }
    return store;
  }

  @Override
  public void add(Entry entry) {
    synchronized (this) {
      if (closed) {
        dropped.incrementAndGet();
        return;
      }
    }
    writer.execute(() -> write(entry));
  }

  private synchronized void write(Entry entry) {
    try {
      Connection open = connection();
      long id;
      try (PreparedStatement insert = open.prepareStatement(INSERT, new String[] {"id"})) {
        insert.setString(1, entry.feed());
        insert.setString(2, entry.source());
        insert.setString(3, entry.record());
        insert.setString(4, entry.reason());
        insert.setString(5, entry.excerpt());
        insert.setTimestamp(6, Timestamp.from(entry.time()));
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          id = keys.next() ? keys.getLong(1) : 0;
        }
      }
      if (id > MAX_ROWS) {
        try (PreparedStatement prune = open.prepareStatement(PRUNE)) {
          prune.setLong(1, id - MAX_ROWS);
          prune.executeUpdate();
        }
      }
    } catch (SQLException e) {
      closeConnection();
      log.warn("quarantine write failed url={} feed={} record={} error={}", url.redacted(),
          entry.feed(), entry.record(), e.toString());
    }
  }

  @Override
  public synchronized List<Entry> latest(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("Invalid limit " + limit + ": expected 1 or more");
    }
    if (closed) {
      throw new IllegalStateException("Rejected quarantine read because the store is closed");
    }
    List<Entry> entries = new ArrayList<>();
    try (PreparedStatement select = connection().prepareStatement(SELECT_LATEST)) {
      select.setMaxRows(limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          entries.add(new Entry(rows.getString(1), rows.getString(2), rows.getString(3),
              rows.getString(4), rows.getString(5), rows.getTimestamp(6).toInstant()));
        }
      }
      return entries;
    } catch (SQLException e) {
      closeConnection();
      throw new StoreException("Failed to load the quarantine from " + url.redacted() + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public long dropped() {
    return dropped.get();
  }

  /**
   * Writes the queued entries, waiting at most 5 seconds, then closes the connection.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    writer.shutdown();
    try {
      if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("quarantine close timed out url={} unwritten={}", url.redacted(),
            writer.shutdownNow().size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      closeConnection();
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = DriverManager.getConnection(url.connectionUrl());
    }
    return connection;
  }

  private void closeConnection() {
    StoreWriter.closeQuietly(connection);
    connection = null;
  }
}
