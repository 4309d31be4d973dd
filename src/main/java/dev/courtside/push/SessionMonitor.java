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

  /** Starts the timer; it checks every session several times per heartbeat interval. */
  public void start() {
    long periodMs = Math.max(50, limits.heartbeat().toMillis() / 3);
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
        if (now - socket.lastHeardNanos > limits.heartbeat().toNanos()
            && now - socket.lastPingNanos > limits.heartbeat().toNanos()) {
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
