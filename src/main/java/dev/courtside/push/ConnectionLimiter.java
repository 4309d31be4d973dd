package dev.courtside.push;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the open push connections (WebSocket, event stream, held long poll) overall and per
 * client address, and rejects a new one past either maximum before it is accepted.
 *
 * <p>Each accepted connection holds a {@link Permit} that its transport releases when the
 * connection ends, however it ends. The per-address map holds only addresses with an open
 * connection, so it never has more entries than the overall maximum. Thread-safe.
 */
public final class ConnectionLimiter {

  /** {@code Retry-After} sent with a rejection. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  private final int maxConnections;
  private final int maxPerAddress;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, Integer> openByAddress = new ConcurrentHashMap<>();
  private final AtomicLong rejectedFull = new AtomicLong();
  private final AtomicLong rejectedPerAddress = new AtomicLong();

  /**
   * Creates a limiter.
   *
   * @param maxConnections maximum open connections overall, 1 or more
   * @param maxPerAddress maximum open connections per client address; 0 for no maximum
   */
  public ConnectionLimiter(int maxConnections, int maxPerAddress) {
    this.maxConnections = maxConnections;
    this.maxPerAddress = maxPerAddress;
  }

  /**
   * Counts a new connection from {@code address} and returns its permit.
   *
   * @throws ClientErrorException with status 503 when the server has its maximum of
   *     connections, or 429 when the address has its maximum
   */
  public Permit acquire(String address) {
    if (!reserveOverall()) {
      rejectedFull.incrementAndGet();
      throw new ClientErrorException(503, new ClientError("too-many-connections",
          "Too many open connections: the server accepts at most " + maxConnections
              + "; retry after " + RETRY_AFTER.toSeconds() + " s", true), RETRY_AFTER);
    }
    if (maxPerAddress > 0 && !reservePerAddress(address)) {
      open.decrementAndGet();
      rejectedPerAddress.incrementAndGet();
      throw new ClientErrorException(429, new ClientError("too-many-connections-per-address",
          "Too many open connections from " + address + ": expected at most " + maxPerAddress
              + " per client address; close one or retry after " + RETRY_AFTER.toSeconds()
              + " s", true), RETRY_AFTER);
    }
    return new Permit(address);
  }

  private boolean reserveOverall() {
    while (true) {
      int current = open.get();
      if (current >= maxConnections) {
        return false;
      }
      if (open.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  private boolean reservePerAddress(String address) {
    boolean[] reserved = new boolean[1];
    openByAddress.compute(address, (key, count) -> {
      int current = count == null ? 0 : count;
      if (current >= maxPerAddress) {
        return count;
      }
      reserved[0] = true;
      return current + 1;
    });
    return reserved[0];
  }

  private void release(String address) {
    open.decrementAndGet();
    if (maxPerAddress > 0) {
      openByAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }
  }

  /** Returns the open connections overall. */
  public int open() {
    return open.get();
  }

  /** Returns the open connections from one client address. */
  public int openFrom(String address) {
    return openByAddress.getOrDefault(address, 0);
  }

  /** Returns the number of client addresses with an open connection. */
  public int addressCount() {
    return openByAddress.size();
  }

  /** Returns the connections rejected because the server had its maximum, since start. */
  public long rejectedFull() {
    return rejectedFull.get();
  }

  /** Returns the connections rejected because their address had its maximum, since start. */
  public long rejectedPerAddress() {
    return rejectedPerAddress.get();
  }

  /** One counted connection. Releasing it more than once has no further effect. */
  public final class Permit {

    private final String address;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(String address) {
      this.address = address;
    }

    /** Stops counting the connection. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        ConnectionLimiter.this.release(address);
      }
    }
  }
}
