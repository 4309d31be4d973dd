package dev.courtside.push;

import dev.courtside.model.Message;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One long poll: collects what is newer than the client's positions and responds with it as
 * soon as there is anything, or with nothing when the hold time runs out.
 */
final class PollSession extends Session {

  private final HttpServerResponse response;
  private final Context context;
  private final Lane lane;
  private final Map<String, Position> requested;
  private final List<String> collected = new ArrayList<>();
  private long timerId = -1;
  private boolean answered;

  PollSession(FanOut fanOut, int maxQueued, HttpServerResponse response, Context context,
      Map<String, Position> requested) {
    super(fanOut, maxQueued);
    this.response = response;
    this.context = context;
    this.lane = fanOut.laneOf(context);
    this.requested = requested;
  }

  @Override
  public String transport() {
    return "poll";
  }

  @Override
  Lane lane() {
    return lane;
  }

  @Override
  protected void execute(Runnable task) {
    context.runOnContext(ignored -> task.run());
  }

  @Override
  protected boolean writable() {
    return !answered;
  }

  @Override
  protected void write(Message message) {
    collected.add(message.json());
  }

  @Override
  protected void drained() {
    answer();
  }

  @Override
  protected void writeControl(String json) {
    if (json.startsWith("{\"type\":\"reconnect\"")) {
      collected.add(json);
      answer();
    }
  }

  void holdUntil(long timerId) {
    this.timerId = timerId;
  }

  /** Responds with whatever was collected, possibly nothing, and ends the session. */
  void answer() {
    if (answered) {
      return;
    }
    answered = true;
    if (timerId >= 0) {
      context.owner().cancelTimer(timerId);
    }
    StringBuilder body = new StringBuilder(64 + collected.size() * 256);
    body.append("{\"messages\":[");
    for (int i = 0; i < collected.size(); i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(collected.get(i));
    }
    body.append("],\"after\":\"").append(after()).append("\"}");
    closed();
    if (!response.ended() && !response.closed()) {
      response.putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store")
          .end(body.toString());
    }
  }

  /** Returns the positions to send back: the newest message seen on each channel. */
  private String after() {
    List<Position> positions = new ArrayList<>();
    for (Map.Entry<String, Position> entry : requested.entrySet()) {
      Long seq = seqOf(entry.getKey());
      String epoch = epochOf(entry.getKey());
      if (seq != null && seq >= 0 && epoch != null) {
        positions.add(new Position(entry.getKey(), epoch, seq));
      } else if (entry.getValue() != null) {
        positions.add(entry.getValue());
      }
    }
    return Position.format(positions);
  }

  @Override
  public void close(String code, String reason) {
    execute(this::answer);
  }

  void onClosed() {
    answered = true;
    closed();
  }
}
