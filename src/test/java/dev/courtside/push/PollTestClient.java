package dev.courtside.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Json;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A long-polling test client on {@code /poll}: polls again as soon as a response arrives,
 * passing its {@code after}, until it is disconnected.
 *
 * <p>Each {@link #open()} starts a new generation of polls, and a response of an older
 * generation is ignored, as if the connection had dropped before it arrived.
 */
final class PollTestClient extends TestClient {

  private final HttpClient client;
  private final int port;
  private final List<String> failures = new ArrayList<>();
  private HttpClientRequest request;
  private String after = "";
  private boolean active;
  private int generation;
  private int responses;

  PollTestClient(HttpClient client, int port, List<String> channels) {
    super(channels);
    this.client = client;
    this.port = port;
  }

  @Override
  Transport transport() {
    return Transport.POLL;
  }

  @Override
  synchronized void resumeFrom(String positions) {
    after = positions;
  }

  @Override
  synchronized void open() {
    active = true;
    generation++;
    poll(generation);
  }

  private record PollResponse(int generation, int status, String body) {}

  private synchronized void poll(int pollGeneration) {
    StringBuilder uri = new StringBuilder(PollTransport.PATH).append('?');
    for (String channel : channels()) {
      uri.append("channel=").append(EventStreamTestClient.encode(channel)).append('&');
    }
    uri.append("after=").append(EventStreamTestClient.encode(after));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setHost("127.0.0.1").setPort(port).setURI(uri.toString());
    client.request(options)
        .compose(opened -> {
          if (!adopt(pollGeneration, opened)) {
            opened.reset();
          }
          return opened.send();
        })
        .compose(response -> response.body().map(body -> new PollResponse(pollGeneration,
            response.statusCode(), body.toString())))
        .onSuccess(this::receive)
        .onFailure(error -> fail(pollGeneration, error));
  }

  /** Records the request as the pending one; returns false when its generation ended. */
  private synchronized boolean adopt(int pollGeneration, HttpClientRequest opened) {
    if (!active || pollGeneration != generation) {
      return false;
    }
    request = opened;
    return true;
  }

  private synchronized void receive(PollResponse response) {
    if (!active || response.generation() != generation) {
      return;
    }
    if (response.status() != 200) {
      failures.add("status " + response.status() + ": " + response.body());
      active = false;
      return;
    }
    JsonNode body;
    try {
      body = Json.parse(response.body());
    } catch (Exception e) {
      failures.add("unparseable response: " + response.body());
      active = false;
      return;
    }
    for (JsonNode message : body.get("messages")) {
      mirror().accept(message);
    }
    after = body.get("after").asText();
    responses++;
    poll(generation);
  }

  private synchronized void fail(int pollGeneration, Throwable error) {
    if (active && pollGeneration == generation) {
      failures.add(error.toString());
      active = false;
    }
  }

  @Override
  void disconnect() {
    HttpClientRequest closing;
    synchronized (this) {
      active = false;
      generation++;
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
    return active;
  }

  /** Returns the {@code after} of the last response, sent with the next poll. */
  synchronized String after() {
    return after;
  }

  /** Returns the number of responses received. */
  synchronized int responses() {
    return responses;
  }

  /** Returns every failed poll: transport errors and responses that were not 200. */
  synchronized List<String> failures() {
    return List.copyOf(failures);
  }
}
