package dev.courtside.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A summary of a JDK Flight Recorder file's execution samples, for the report: the share of
 * samples per thread, and per stage of the delivery path.
 *
 * <p>Execution samples cover Java code that runs; time spent inside system calls such as
 * socket writes shows up only as the Java frame that made the call.
 */
final class ProfileSummary {

  /** Stages, in the order a stack is checked: the first method-name fragment found wins. */
  private static final Map<String, String> STAGES = stages();

  private ProfileSummary() {}

  private static Map<String, String> stages() {
    Map<String, String> stages = new LinkedHashMap<>();
    // First match wins, so the flush comes before the write and the drain it contains.
    stages.put("WebSocketSession.drained", "flush of a connection's batch (socket writes)");
    stages.put("WebSocketSession.write", "WebSocket frame of one message, written unflushed");
    stages.put("WebSocketHandler", "WebSocket frames read from clients");
    stages.put("Session.drain", "per-connection queue drain");
    stages.put("Lane.", "lane: offering each message to the sessions of an event loop");
    stages.put("Session.offer", "fan-out: queueing a message for each connection");
    stages.put("FanOut.dispatch", "fan-out: queueing a message for each connection");
    stages.put("ChannelLog", "channel log: journal append and numbering");
    stages.put("GameEngine", "engine: new state, JSON and merge patch");
    stages.put("StoreWriter", "store writer (H2)");
    stages.put("org.h2.", "store writer (H2)");
    stages.put("SessionMonitor", "session monitor (heartbeats)");
    stages.put("writeTextMessage", "WebSocket write of one message (Vert.x frame, Netty write"
        + " and flush)");
    stages.put("io.netty.channel.nio", "Netty event loop: socket reads, selector, tasks");
    stages.put("io.netty.channel", "Netty pipeline: reads, writes, flushes");
    stages.put("io.vertx", "Vert.x: connection handling and tasks");
    return stages;
  }

  /** Returns Markdown with the thread and stage shares of the recording's samples. */
  static String summarize(Path recording) throws IOException {
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> stages = new HashMap<>();
    int total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      total++;
      RecordedThread thread = event.getThread("sampledThread");
      String name = thread == null ? "unknown" : thread.getJavaName();
      threads.merge(name == null ? "unknown" : name, 1, Integer::sum);
      stages.merge(stageOf(event.getStackTrace()), 1, Integer::sum);
    }
    if (total == 0) {
      return "The recording has no execution samples.\n";
    }
    StringBuilder text = new StringBuilder();
    text.append(total).append(" execution samples.\n\n| thread | share |\n|---|---|\n");
    appendShares(text, threads, total);
    text.append("\nEach sample counts for one stage: the first of flush, write, read, drain,"
        + " lane, fan-out, channel log, engine, store, session monitor, Netty and Vert.x whose"
        + " code is on its stack.\n\n| stage | share |\n|---|---|\n");
    appendShares(text, stages, total);
    return text.append('\n').toString();
  }

  private static String stageOf(RecordedStackTrace stack) {
    if (stack == null) {
      return "no stack";
    }
    List<RecordedFrame> frames = stack.getFrames();
    for (Map.Entry<String, String> stage : STAGES.entrySet()) {
      for (RecordedFrame frame : frames) {
        String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
        if (method.contains(stage.getKey())) {
          return stage.getValue();
        }
      }
    }
    return "other (JIT, GC and JDK code)";
  }

  private static void appendShares(StringBuilder text, Map<String, Integer> counts,
      int total) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(12)
        .forEach(entry -> text.append("| ").append(entry.getKey()).append(" | ")
            .append(Table.format(100.0 * entry.getValue() / total)).append(" % |\n"));
  }

  /** Prints the summary of the recording given as the only argument. */
  public static void main(String[] args) throws IOException {
    System.out.print(summarize(Path.of(args[0])));
  }
}
