package dev.courtside.ops;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP connections that hold server resources without a request in progress.
 *
 * <ul>
 *   <li>Header timeout: a new connection must send complete request headers within
 *       {@code headerTimeout}, so a client that trickles its headers or sends nothing (slow
 *       loris) cannot hold a connection.
 *   <li>Keep-alive timeout: a connection with no request in progress is closed after
 *       {@code keepAliveTimeout}. This also bounds the time a client may take to send the
 *       headers of its next request on a kept-alive connection.
 * </ul>
 *
 * <p>A request is in progress from its headers until its response ends or its connection
 * closes, so event streams, held long polls and WebSockets (whose upgrade request never ends)
 * are never cut by these timeouts. Vert.x's own idle timeout would cut a long poll held
 * without traffic, and it never fires on a client that trickles bytes.
 *
 * <p>Limitation: a request body is not timed, so a push ingest request past its headers may
 * send its body as slowly as it likes, holding one connection until the keep-alive timeout.
 */
public final class ConnectionTimeouts {

  private static final Logger log = LoggerFactory.getLogger(ConnectionTimeouts.class);

  private final Vertx vertx;
  private final Duration headerTimeout;
  private final Duration keepAliveTimeout;
  private final Map<HttpConnection, Tracked> connections = new ConcurrentHashMap<>();
  private final AtomicLong headerTimeouts = new AtomicLong();
  private final AtomicLong keepAliveTimeouts = new AtomicLong();

  public ConnectionTimeouts(Vertx vertx, Duration headerTimeout, Duration keepAliveTimeout) {
    this.vertx = vertx;
    this.headerTimeout = headerTimeout;
    this.keepAliveTimeout = keepAliveTimeout;
  }

  /** Starts the header timeout of a new connection. This is the server's connection handler. */
  public void onConnection(HttpConnection connection) {
    Tracked tracked = new Tracked(connection);
    connections.put(connection, tracked);
    connection.closeHandler(ignored -> {
      tracked.cancelTimer();
      connections.remove(connection);
    });
    tracked.arm(headerTimeout, true);
  }

  /**
   * Marks a request in progress until its response ends. This is the router's first handler,
   * and it runs on the connection's event loop like every other callback of the connection.
   */
  public void onRequest(RoutingContext context) {
    HttpConnection connection = context.request().connection();
    Tracked tracked = connections.get(connection);
    if (tracked == null) {
      context.next();
      return;
    }
    tracked.cancelTimer();
    if (context.request().canUpgradeToWebSocket()) {
      watchUpgrade(context, connection, tracked);
    } else {
      tracked.inProgress++;
      context.addEndHandler(ignored -> {
        tracked.inProgress--;
        if (tracked.inProgress == 0 && !tracked.closed) {
          tracked.arm(keepAliveTimeout, false);
        }
      });
    }
    context.next();
  }

  /**
   * Stops watching a connection that requests a WebSocket upgrade. Vert.x 5 hands an upgraded
   * connection to a new handler, so neither the HTTP connection's close handler nor the
   * request's end handlers ever run for it, and the heartbeat and dead-peer checks take over.
   * A rejected upgrade ends with an HTTP response, and the connection is watched again.
   */
  private void watchUpgrade(RoutingContext context, HttpConnection connection,
      Tracked tracked) {
    connections.remove(connection);
    context.addEndHandler(ended -> {
      if (ended.succeeded() && !tracked.closed) {
        connections.put(connection, tracked);
        tracked.arm(keepAliveTimeout, false);
      }
    });
  }

  /** Returns the open HTTP connections being watched, which excludes upgraded ones. */
  public int trackedConnections() {
    return connections.size();
  }

  /** Returns the connections closed by the header timeout since start. */
  public long headerTimeouts() {
    return headerTimeouts.get();
  }

  /** Returns the connections closed by the keep-alive timeout since start. */
  public long keepAliveTimeouts() {
    return keepAliveTimeouts.get();
  }

  /** One open connection: its requests in progress and its pending timer. */
  private final class Tracked {

    private final HttpConnection connection;
    private int inProgress;
    private long timerId = -1;
    private boolean closed;

    Tracked(HttpConnection connection) {
      this.connection = connection;
    }

    void arm(Duration timeout, boolean waitingForHeaders) {
      cancelTimer();
      timerId = vertx.setTimer(timeout.toMillis(), ignored -> {
        timerId = -1;
        if (inProgress > 0 || closed) {
          return;
        }
        closed = true;
        if (waitingForHeaders) {
          headerTimeouts.incrementAndGet();
        } else {
          keepAliveTimeouts.incrementAndGet();
        }
        log.debug("connection closed by timeout remote={} timeout={} timeoutMs={}",
            connection.remoteAddress(), waitingForHeaders ? "header" : "keep-alive",
            timeout.toMillis());
        connection.close();
      });
    }

    void cancelTimer() {
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
    }
  }
}
