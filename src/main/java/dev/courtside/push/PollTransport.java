package dev.courtside.push;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The long-polling transport at {@code /poll?channel=...&after=...}. Responds at once when
 * anything is newer than {@code after}, else holds the request up to the configured time.
 * The answer carries the {@code after} for the next poll, so nothing published between two
 * polls is lost.
 */
public final class PollTransport {

  /** Path the transport is served at. */
  public static final String PATH = "/poll";

  private final FanOut fanOut;
  private final SessionMonitor monitor;
  private final Limits limits;
  private final Admission admission;

  public PollTransport(FanOut fanOut, SessionMonitor monitor, Limits limits,
      Admission admission) {
    this.fanOut = fanOut;
    this.monitor = monitor;
    this.limits = limits;
    this.admission = admission;
  }

  /** Handles {@code GET /poll}. */
  public void handle(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    ChannelRequest channels;
    ConnectionLimiter.Permit permit;
    try {
      channels = ChannelRequest.read(request, request.getParam("after"), fanOut, limits);
      permit = admission.admit(request, "poll");
    } catch (ClientErrorException e) {
      HttpErrors.send(routing.response(), e);
      return;
    }
    Context context = Vertx.currentContext();
    PollSession session = new PollSession(fanOut, limits.maxQueued(), routing.response(),
        context, channels.positions());
    monitor.add(session);
    // Called once: after the response, or when the connection closes before it.
    routing.addEndHandler(ended -> {
      if (ended.failed()) {
        session.onClosed();
      }
      permit.release();
      monitor.remove(session);
    });
    long timerId = context.owner().setTimer(limits.pollHold().toMillis(),
        ignored -> session.answer());
    session.holdUntil(timerId);
    for (Map.Entry<String, Position> entry : channels.positions().entrySet()) {
      fanOut.subscribe(session, entry.getKey(), entry.getValue());
    }
  }
}
