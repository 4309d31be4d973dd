package dev.courtside.push;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every open session on one timer: sends heartbeats to quiet ones, drops dead and stuck
 * ones, and tells all of them to reconnect when the server shuts down.
 */
public final class SessionMonitor {

  private static final Logger log = LoggerFactory.getLogger(SessionMonitor.class);

  private final Vertx vertx;
  private final Limits limits;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private long timerId = -1;

  public SessionMonitor(Vertx vertx, Limits limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  /**
   * Starts the timer. It checks every session 30 times per heartbeat interval. Each session is
   * due for its ping at its own point of a half interval, so pings go out in small groups.
   */
  public void start() {
    long periodMs = Math.max(50, limits.heartbeat().toMillis() / 30);
    timerId = vertx.setPeriodic(periodMs, ignored -> check());
  }

  void add(Session session) {
    sessions.add(session);
  }

  void remove(Session session) {
    sessions.remove(session);
  }

  /** Returns the open sessions on one transport. */
  public long count(String transport) {
    return sessions.stream().filter(s -> s.transport().equals(transport)).count();
  }

  /** Returns every open session. */
  public int size() {
    return sessions.size();
  }

  /** Returns the longest outbound queue of any open session, at most the queue bound. */
  public int longestQueue() {
    int longest = 0;
    for (Session session : sessions) {
      longest = Math.max(longest, session.queued());
    }
    return longest;
  }

  private void check() {
    long now = System.nanoTime();
    for (Session session : sessions) {
      if (session.isClosed()) {
        sessions.remove(session);
        continue;
      }
      long blockedSince = session.blockedSinceNanos();
      if (blockedSince != 0 && now - blockedSince > limits.stuckAfter().toNanos()) {
        log.warn("slow client disconnected conn={} transport={} queued={}", session.id(),
            session.transport(), session.queued());
        session.close("slow-consumer", "the connection did not accept data for "
            + limits.stuckAfter().toMillis() + " ms");
        continue;
      }
      if (session instanceof WebSocketSession socket) {
        if (now - socket.lastHeardNanos > limits.deadAfter().toNanos()) {
          log.debug("dead peer dropped conn={}", session.id());
          session.close("heartbeat-timeout", "nothing heard from the client for "
              + limits.deadAfter().toMillis() + " ms");
          continue;
        }
        // Pinged whenever the client was quiet for a heartbeat, however busy its channels,
        // because a listener that never sends anything is alive as long as it returns pongs.
        long pingAfter = pingDelayNanos(session.id(), limits.heartbeat().toNanos());
        if (now - socket.lastHeardNanos > pingAfter && now - socket.lastPingNanos > pingAfter) {
          socket.lastPingNanos = now;
          socket.ping();
        }
      }
      if (now - session.lastSentNanos() > limits.heartbeat().toNanos()) {
        session.sendHeartbeat();
      }
    }
  }

  /**
   * Returns how long a WebSocket client may stay quiet before it gets a ping: the heartbeat
   * plus up to half of it, fixed per session. Clients that connected together would otherwise
   * all be pinged in one check, and 10,000 pings and their pongs hold up the event loop's
   * deliveries for a few hundred milliseconds.
   */
  static long pingDelayNanos(long sessionId, long heartbeatNanos) {
    // Multiplying by the 64-bit golden ratio scatters consecutive ids over the range.
    long spread = Math.floorMod(sessionId * 0x9E3779B97F4A7C15L, 1024);
    return heartbeatNanos + heartbeatNanos / 2 * spread / 1024;
  }

  /**
   * Tells every client to reconnect after a random delay up to {@code spreadMs}, so a restart
   * does not bring them all back at once, then closes the sessions.
   */
  public void shutdown(long spreadMs) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    for (Session session : sessions) {
      long delayMs = 500 + ThreadLocalRandom.current().nextLong(Math.max(1, spreadMs));
      session.sendReconnect("shutdown", delayMs);
      session.close("shutdown", "the server is restarting; reconnect in " + delayMs + " ms");
    }
    sessions.clear();
  }
}
