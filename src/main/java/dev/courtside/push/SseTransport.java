package dev.courtside.push;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Server-Sent Events transport at {@code /events?channel=...}. Resumes from the
 * {@code Last-Event-ID} header that browsers send when they reconnect by themselves, or from
 * {@code last=} when a client opens a new stream.
 */
public final class SseTransport {

  /** Path the transport is served at. */
  public static final String PATH = "/events";

  /** Reconnect delay suggested to browsers, in milliseconds. */
  static final long RETRY_MS = 2000;

  private static final Logger log = LoggerFactory.getLogger(SseTransport.class);

  private final FanOut fanOut;
  private final SessionMonitor monitor;
  private final Limits limits;
  private final Admission admission;

  public SseTransport(FanOut fanOut, SessionMonitor monitor, Limits limits,
      Admission admission) {
    this.fanOut = fanOut;
    this.monitor = monitor;
    this.limits = limits;
    this.admission = admission;
  }

  /** Handles {@code GET /events}. */
  public void handle(RoutingContext context) {
    HttpServerRequest request = context.request();
    String lastEventId = request.getHeader("Last-Event-ID");
    String positions = lastEventId != null && !lastEventId.isBlank() ? lastEventId
        : request.getParam("last");
    ChannelRequest channels;
    ConnectionLimiter.Permit permit;
    try {
      channels = ChannelRequest.read(request, positions, fanOut, limits);
      permit = admission.admit(request, "sse");
    } catch (ClientErrorException e) {
      HttpErrors.send(context.response(), e);
      return;
    }
    HttpServerResponse response = context.response();
    response.setChunked(true);
    response.putHeader("Content-Type", "text/event-stream; charset=utf-8");
    // no-transform stops proxies from compressing; X-Accel-Buffering stops NGINX buffering.
    response.putHeader("Cache-Control", "no-cache, no-transform");
    response.putHeader("X-Accel-Buffering", "no");
    // The server compresses responses when the request accepts gzip, and a compressed stream
    // holds events in the deflater. Vert.x 5 skips compression for a response marked identity
    // and removes that header before sending (HttpChunkContentCompressor).
    response.putHeader("Content-Encoding", "identity");
    if (request.version() != HttpVersion.HTTP_2) {
      // HTTP/2 forbids connection headers (RFC 9113 section 8.2.2): clients reset the stream.
      response.putHeader("Connection", "keep-alive");
    }
    response.write("retry: " + RETRY_MS + "\n\n");

    SseSession session = new SseSession(fanOut, limits.maxQueued(), response,
        Vertx.currentContext());
    monitor.add(session);
    // Called once, when the server ends the stream or the connection closes. The router's end
    // handlers are used because setting the response's own would replace the router's.
    context.addEndHandler(ignored -> {
      permit.release();
      monitor.remove(session);
      session.onClosed();
      log.debug("connection closed conn={} transport=sse", session.id());
    });
    for (Map.Entry<String, Position> entry : channels.positions().entrySet()) {
      fanOut.subscribe(session, entry.getKey(), entry.getValue());
    }
    log.debug("connection opened conn={} transport=sse channels={}", session.id(),
        channels.positions().keySet());
  }
}
