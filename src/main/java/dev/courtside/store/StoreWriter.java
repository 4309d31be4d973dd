package dev.courtside.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write queue of a {@link JdbcGameStore} and the one thread that writes it.
 *
 * <p>The thread takes every queued write at once and writes it as one JDBC batch in one
 * transaction. A failed batch goes back in front of the queue, where later writes of the
 * same game or play replace it, and is retried with exponential backoff until it succeeds.
 * The connection is opened again after each failure.
 */
final class StoreWriter {

  private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

  private final StoreUrl url;
  private final JdbcGameStore.Options options;
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
  private boolean closed;
  private boolean stopping;

  private volatile boolean writerStopped;
  private volatile int failedAttempts;

  /** Used by the writer thread only, and by {@link #close} to release a stuck writer. */
  private volatile Connection writerConnection;

  StoreWriter(StoreUrl url, JdbcGameStore.Options options, GameTables tables,
      Connection writerConnection) {
    this.url = url;
    this.options = options;
    this.tables = tables;
    this.writerConnection = writerConnection;
    this.writer = new Thread(this::runWriter, "courtside-store-writer");
    // A daemon thread does not keep the JVM alive when close() is never called.
    this.writer.setDaemon(true);
  }

  void start() {
    writer.start();
  }

  /**
   * Queues a write, or raises {@link IllegalStateException} naming {@code request} when the
   * writer is closed, has stopped after an error, or has a full queue.
   */
  void enqueue(Supplier<String> request, Predicate<PendingWrites> replacesEntry,
      Consumer<PendingWrites> add) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException(
            "Rejected " + request.get() + " because the store is closed");
      }
      if (writerStopped) {
        throw new IllegalStateException("Rejected " + request.get()
            + " because the store writer stopped after an error, which the ERROR log shows");
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

  /** Returns false while writes are failing, and once the writer thread has stopped. */
  boolean healthy() {
    return !writerStopped && failedAttempts == 0;
  }

  /** Blocks until every write accepted before this call is durable, or the timeout passes. */
  boolean flush(Duration timeout) {
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

  /**
   * Rejects further writes, waits at most {@code timeout} for the queued ones, then stops
   * the writer thread. Writes still queued after the timeout are dropped and logged at
   * ERROR with their count.
   *
   * @return the number of writes dropped
   */
  int close(Duration timeout) {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }

    boolean flushed = flush(timeout);
    int unwritten = stopWriter(timeout);
    if (!flushed) {
      log.error("store closed with unwritten writes url={} unwritten={} closeTimeoutMs={}",
          url.redacted(), unwritten, timeout.toMillis());
    }
    return unwritten;
  }

  /** Stops the writer thread and returns how many queued writes it left unwritten. */
  private int stopWriter(Duration timeout) {
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
      writer.join(Math.max(1, timeout.toMillis()));
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
      // Logged here and not rethrown, so the thread's default handler does not print it again.
      log.error("store writer stopped url={}", url.redacted(), e);
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
        writerConnection = DriverManager.getConnection(url.connectionUrl());
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
      // There is one WARN per failure streak, and the recovery line gives its length.
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

  static void closeQuietly(Connection connection) {
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
