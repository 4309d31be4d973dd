package dev.courtside.push;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events test client on {@code /events}. It parses the stream as the HTML
 * standard describes (events end at a blank line, {@code :} starts a comment) and resumes with
 * the last event id, sent as the {@code Last-Event-ID} header or, when {@link #resumeWithQuery}
 * is set, as the {@code last} query parameter.
 */
final class EventStreamTestClient extends TestClient {

  private final HttpClient client;
  private final int port;
  private final MultiMap extraHeaders = MultiMap.caseInsensitiveMultiMap();
  private HttpClientRequest request;
  private HttpClientResponse response;
  private final StringBuilder pending = new StringBuilder();
  private final List<String> comments = new ArrayList<>();
  private String lastEventId = "";
  private Long retryMs;
  private boolean resumeWithQuery;
  private volatile boolean ended;

  EventStreamTestClient(HttpClient client, int port, List<String> channels) {
    super(channels);
    this.client = client;
    this.port = port;
  }

  @Override
  Transport transport() {
    return Transport.SSE;
  }

  /** Sends the position as {@code last=} instead of {@code Last-Event-ID} on reconnect. */
  synchronized void resumeWithQuery(boolean query) {
    resumeWithQuery = query;
  }

  @Override
  synchronized void resumeFrom(String positions) {
    lastEventId = positions;
  }

  /** Adds a header to every later request. */
  synchronized void header(String name, String value) {
    extraHeaders.add(name, value);
  }

  @Override
  void open() throws Exception {
    StringBuilder uri = new StringBuilder(SseTransport.PATH).append('?');
    for (String channel : channels()) {
      uri.append("channel=").append(encode(channel)).append('&');
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setHost("127.0.0.1").setPort(port).addHeader("Accept", "text/event-stream");
    synchronized (this) {
      if (!lastEventId.isEmpty() && resumeWithQuery) {
        uri.append("last=").append(encode(lastEventId));
      } else if (!lastEventId.isEmpty()) {
        options.addHeader("Last-Event-ID", lastEventId);
      }
      extraHeaders.forEach(options::addHeader);
      pending.setLength(0);
      ended = false;
    }
    options.setURI(uri.toString());
    // The handlers are set on the event loop as the response arrives, so no chunk comes
    // before them.
    HttpClientResponse answer = client.request(options)
        .compose(opened -> {
          synchronized (this) {
            request = opened;
          }
          return opened.send().andThen(sent -> {
            if (sent.succeeded()) {
              sent.result().handler(chunk -> receive(opened, chunk));
              sent.result().endHandler(ignored -> ended = true);
              sent.result().exceptionHandler(ignored -> ended = true);
            }
          });
        })
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    synchronized (this) {
      response = answer;
    }
  }

  private synchronized void receive(HttpClientRequest from, Buffer chunk) {
    if (from != request) {
      return;
    }
    pending.append(chunk.toString(StandardCharsets.UTF_8));
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String event = pending.substring(0, end);
      pending.delete(0, end + 2);
      dispatch(event);
    }
  }

  private void dispatch(String event) {
    String id = null;
    StringBuilder data = null;
    for (String line : event.split("\n", -1)) {
      if (line.startsWith(":")) {
        comments.add(line.substring(1).trim());
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = value;
        case "data" -> data = data == null ? new StringBuilder(value)
            : data.append('\n').append(value);
        case "retry" -> retryMs = Long.parseLong(value);
        default -> { }
      }
    }
    if (data != null) {
      mirror().accept(data.toString());
    }
    if (id != null) {
      lastEventId = id;
    }
  }

  @Override
  void disconnect() {
    HttpClientRequest closing;
    synchronized (this) {
      closing = request;
      request = null;
    }
    if (closing != null) {
      // A reset closes the connection only while its request is still running, so a
      // connection that went back to the shared pool stays open for other clients.
      closing.reset();
    }
  }

  @Override
  synchronized boolean connected() {
    return request != null && !ended;
  }

  /** Returns the response of the latest stream, for its status and headers. */
  synchronized HttpClientResponse response() {
    return response;
  }

  synchronized String lastEventId() {
    return lastEventId;
  }

  synchronized Long retryMs() {
    return retryMs;
  }

  /** Returns the text of every comment line received, such as {@code heartbeat}. */
  synchronized List<String> comments() {
    return List.copyOf(comments);
  }

  /** Returns true once the server ended the stream. */
  boolean ended() {
    return ended;
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
