package dev.courtside.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Json;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.CharacterCodingException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket transport at {@code /ws}: clients subscribe and unsubscribe channels with
 * JSON messages and receive one envelope per text frame.
 *
 * <p>The upgrade request passes the {@link Admission} check first, so a rejected client gets
 * an HTTP status and a JSON error instead of a WebSocket. Each connection may send
 * {@link Limits#subscribeBurst()} subscribe messages at once and {@link Limits#subscribeRate()}
 * per second over time. A subscribe past that gets a {@code rate-limited} error, which counts
 * toward {@link Limits#maxErrors()} like any other error.
 */
public final class WebSocketTransport {

  /** Path the transport is served at. */
  public static final String PATH = "/ws";

  private static final Logger log = LoggerFactory.getLogger(WebSocketTransport.class);

  /** The name Vert.x gives its connection handler in the pipeline. */
  private static final String VERTX_HANDLER = "handler";
  private static final String HANDLER = "courtside-websocket";

  private final FanOut fanOut;
  private final SessionMonitor monitor;
  private final Limits limits;
  private final Admission admission;

  public WebSocketTransport(FanOut fanOut, SessionMonitor monitor, Limits limits,
      Admission admission) {
    this.fanOut = fanOut;
    this.monitor = monitor;
    this.limits = limits;
    this.admission = admission;
  }

  /** Handles {@code GET /ws}: checks the request, then upgrades it to a WebSocket. */
  public void handle(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    if (!request.canUpgradeToWebSocket()) {
      HttpErrors.send(routing.response(), 400, new ClientError("invalid-upgrade",
          "Request to " + PATH + " is not a WebSocket upgrade: expected GET with"
              + " 'Upgrade: websocket' and 'Sec-WebSocket-Version: 13'", false));
      return;
    }
    ConnectionLimiter.Permit permit;
    try {
      permit = admission.admit(request, "ws");
    } catch (ClientErrorException e) {
      HttpErrors.send(routing.response(), e);
      return;
    }
    // Vert.x Web wraps the request, so the Netty channel comes from the connection.
    if (!(request.connection() instanceof ConnectionBase connection)) {
      permit.release();
      throw new IllegalStateException("WebSocket upgrade on a connection without a channel: "
          + request.connection());
    }
    Channel channel = connection.channelHandlerContext().channel();
    request.toWebSocket().onComplete(result -> {
      if (result.failed()) {
        permit.release();
        log.debug("websocket handshake failed error={}", result.cause().toString());
        return;
      }
      accept(channel, permit);
    });
  }

  /**
   * Takes over an upgraded connection: Vert.x did the handshake, and its WebSocket handler in
   * the pipeline gives way to a {@link WebSocketHandler}, so the Vert.x WebSocket and the HTTP
   * request it kept become garbage. This runs in the event loop task that wrote the handshake
   * response, before the client's first frame can be read.
   */
  private void accept(Channel channel, ConnectionLimiter.Permit permit) {
    if (channel.pipeline().get(VERTX_HANDLER) == null) {
      log.warn("websocket closed: no handler '{}' to replace in pipeline={}", VERTX_HANDLER,
          channel.pipeline().names());
      permit.release();
      channel.close();
      return;
    }
    WebSocketSession session = new WebSocketSession(fanOut, limits.maxQueued(),
        Vertx.currentContext(), channel);
    if (limits.subscribeRate() > 0) {
      session.subscribeRate = new TokenBucket(limits.subscribeRate(), limits.subscribeBurst(),
          System.nanoTime());
    }
    WebSocketHandler handler = new WebSocketHandler(this, session, () -> {
      permit.release();
      monitor.remove(session);
      session.onClosed();
      log.debug("connection closed conn={} transport=ws", session.id());
    });
    channel.pipeline().replace(VERTX_HANDLER, HANDLER, handler);
    monitor.add(session);
    log.debug("connection opened conn={} transport=ws", session.id());
    if (!channel.isActive()) {
      // Closed before the handler was in place, so its channelInactive never comes.
      handler.channelInactive(channel.pipeline().context(handler));
    }
  }

  /**
   * Collects the frames of a message and handles the message at its last frame. Netty's decoder
   * rejects a continuation frame with no message to continue, which closes the connection.
   */
  void onFrame(WebSocketSession session, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      session.message = new FragmentedMessage(frame instanceof TextWebSocketFrame,
          limits.maxMessageBytes());
    } else if (!(frame instanceof ContinuationWebSocketFrame) || session.message == null) {
      return;
    }
    FragmentedMessage message = session.message;
    message.append(frame.content());
    if (!frame.isFinalFragment()) {
      return;
    }
    session.message = null;
    if (!message.isText()) {
      reject(session, new ClientError("invalid-message",
          "Binary frames are not accepted: expected JSON text frames", false));
    } else if (message.tooLarge()) {
      reject(session, new ClientError("message-too-large", "Message of " + message.length()
          + " bytes is too large: expected at most " + limits.maxMessageBytes(), false));
    } else {
      String text;
      try {
        text = message.asText();
      } catch (CharacterCodingException e) {
        // RFC 6455 section 8.1: a text message that is not UTF-8 fails the connection.
        log.debug("connection failed conn={} error=invalid UTF-8", session.id());
        session.closeAfterProtocolError(1007, "invalid UTF-8 in a text message");
        return;
      }
      onText(session, text);
    }
  }

  private void onText(WebSocketSession session, String text) {
    JsonNode message;
    try {
      message = Json.parse(text);
    } catch (JsonProcessingException e) {
      reject(session, new ClientError("invalid-message",
          "Message is not valid JSON: " + e.getOriginalMessage(), false));
      return;
    }
    if (message == null || !message.isObject()) {
      reject(session, new ClientError("invalid-message",
          "Invalid message: expected a JSON object with a 'type'", false));
      return;
    }
    String type = message.path("type").asText("");
    switch (type) {
      case "subscribe" -> {
        if (session.subscribeRate != null && !session.subscribeRate.tryTake(System.nanoTime())) {
          reject(session, new ClientError("rate-limited", "Too many subscribe messages:"
              + " expected at most " + formatRate(limits.subscribeRate()) + " per second,"
              + " with bursts of " + limits.subscribeBurst(), true));
          return;
        }
        subscribe(session, message.path("channels"));
      }
      case "unsubscribe" -> unsubscribe(session, message.path("channels"));
      case "ping" -> session.reply(new TextWebSocketFrame("{\"type\":\"pong\"}"));
      default -> reject(session, new ClientError("invalid-message", "Unknown message type '"
          + Position.abbreviate(type) + "': expected subscribe, unsubscribe or ping", false));
    }
  }

  /** Formats a rate without a fraction when it has none: 20, 0.5. */
  static String formatRate(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }

  private void subscribe(WebSocketSession session, JsonNode channels) {
    if (!channels.isArray() || channels.isEmpty()) {
      reject(session, new ClientError("invalid-message",
          "Invalid subscribe: expected a non-empty array 'channels'", false));
      return;
    }
    for (JsonNode entry : channels) {
      Optional<ClientError> error = subscribeOne(session, entry);
      if (error.isPresent()) {
        if (reject(session, error.get())) {
          return;
        }
        if (error.get().code().equals("too-many-channels")) {
          // One error for the whole message: the rest would fail the same way.
          return;
        }
      }
    }
  }

  private Optional<ClientError> subscribeOne(WebSocketSession session, JsonNode entry) {
    String channel = entry.isTextual() ? entry.asText() : entry.path("channel").asText(null);
    Optional<ClientError> invalid = fanOut.check(channel);
    if (invalid.isPresent()) {
      return invalid;
    }
    if (session.channels().contains(channel)) {
      fanOut.unsubscribe(session, channel);
    } else if (session.channels().size() >= limits.maxChannels()) {
      return Optional.of(new ClientError("too-many-channels", "Cannot subscribe to '"
          + Position.abbreviate(String.valueOf(channel)) + "': at most " + limits.maxChannels()
          + " channels per connection", false));
    }
    Position from = null;
    if (entry.isObject() && entry.hasNonNull("epoch")) {
      JsonNode seq = entry.get("seq");
      if (seq == null || !seq.canConvertToExactIntegral()) {
        return Optional.of(new ClientError("invalid-position", "Invalid seq for channel '"
            + Position.abbreviate(String.valueOf(channel))
            + "': expected a whole number with the epoch", false));
      }
      try {
        long value = Position.parseSeq(seq.asText(), String.valueOf(channel));
        from = new Position(channel, entry.get("epoch").asText(), value);
      } catch (IllegalArgumentException e) {
        return Optional.of(new ClientError("invalid-position", e.getMessage(), false));
      }
    }
    return fanOut.subscribe(session, channel, from);
  }

  private void unsubscribe(WebSocketSession session, JsonNode channels) {
    if (!channels.isArray()) {
      reject(session, new ClientError("invalid-message",
          "Invalid unsubscribe: expected an array 'channels'", false));
      return;
    }
    for (JsonNode entry : channels) {
      String channel = entry.isTextual() ? entry.asText() : entry.path("channel").asText("");
      fanOut.unsubscribe(session, channel);
    }
  }

  /**
   * Sends an error, and closes the connection once its error count passes
   * {@link Limits#maxErrors()}. Errors after that are dropped, so a connection gets at most
   * {@code maxErrors + 1} error messages.
   *
   * @return true when the connection is closing, so the caller can stop handling the message
   */
  private boolean reject(WebSocketSession session, ClientError error) {
    if (session.errors > limits.maxErrors()) {
      return true;
    }
    session.errors++;
    session.writeControlNow(error.toControlJson());
    if (session.errors <= limits.maxErrors()) {
      return false;
    }
    log.debug("connection closed after errors conn={} errors={}", session.id(), session.errors);
    session.close("too-many-errors", "more than " + limits.maxErrors() + " invalid messages");
    return true;
  }
}
