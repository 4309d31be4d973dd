package dev.courtside.push;

import dev.courtside.model.Message;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A session on a Server-Sent Events stream. Each envelope is one event whose id is the
 * position of every channel of the stream, so the browser's reconnect resumes all of them.
 */
final class SseSession extends Session {

  private final HttpServerResponse response;
  private final Context context;
  private final Lane lane;

  SseSession(FanOut fanOut, int maxQueued, HttpServerResponse response, Context context) {
    super(fanOut, maxQueued);
    this.response = response;
    this.context = context;
    this.lane = fanOut.laneOf(context);
    response.drainHandler(ignored -> scheduleDrain());
  }

  @Override
  public String transport() {
    return "sse";
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
    return !response.writeQueueFull();
  }

  @Override
  protected void write(Message message) {
    response.write("id: " + positions() + "\ndata: " + message.json() + "\n\n");
  }

  /** Returns the position of every channel, as an SSE event id. */
  String positions() {
    List<Position> positions = new ArrayList<>();
    for (String channel : channels()) {
      Long seq = seqOf(channel);
      String epoch = epochOf(channel);
      if (seq != null && seq >= 0 && epoch != null) {
        positions.add(new Position(channel, epoch, seq));
      }
    }
    return Position.format(positions);
  }

  @Override
  protected void writeControl(String json) {
    if (json.startsWith("{\"type\":\"heartbeat\"")) {
      // A comment line keeps proxies from closing an idle stream and is ignored by browsers.
      response.write(": heartbeat\n\n");
    } else {
      response.write("data: " + json + "\n\n");
    }
  }

  @Override
  public void close(String code, String reason) {
    execute(() -> {
      if (isClosed()) {
        return;
      }
      closed();
      response.end();
    });
  }

  void onClosed() {
    closed();
  }
}
