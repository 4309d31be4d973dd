package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.bus.LocalBus;
import dev.courtside.engine.ChannelLog;
import dev.courtside.model.Json;
import dev.courtside.model.Message;
import dev.courtside.ops.ChannelMirror;
import dev.courtside.store.MemoryJournal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session's bounded queue and per-channel seq filter, driven by hand: the test decides
 * when the connection is writable and when its thread runs.
 */
class SessionTest {

  private static final String CHANNEL = "games";

  private LocalBus bus;
  private MemoryJournal journal;
  private ChannelLog channels;
  private FanOut fanOut;

  /** A session whose connection thread is the test thread and whose writes are recorded. */
  private static final class ManualSession extends Session {
    final Queue<Runnable> tasks = new ArrayDeque<>();
    final List<String> written = new ArrayList<>();
    final ChannelMirror mirror = new ChannelMirror();
    boolean writable = true;
    int flushes;
    /** The lane shared with other sessions, or null for a lane of its own. */
    Lane sharedLane;

    ManualSession(FanOut fanOut, int maxQueued) {
      super(fanOut, maxQueued);
    }

    @Override
    synchronized Lane lane() {
      return sharedLane == null ? super.lane() : sharedLane;
    }

    @Override
    public String transport() {
      return "test";
    }

    @Override
    protected synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    @Override
    protected boolean writable() {
      return writable;
    }

    @Override
    protected void write(Message message) {
      written.add(message.json());
      mirror.accept(message.json());
    }

    @Override
    protected void drained() {
      flushes++;
    }

    @Override
    protected void writeControl(String json) {
      written.add(json);
    }

    @Override
    public void close(String code, String reason) {
      closed();
    }

    /** Runs queued tasks, including the ones they queue, as the connection's thread would. */
    void runTasks() {
      Runnable task;
      while ((task = nextTask()) != null) {
        task.run();
      }
    }

    private synchronized Runnable nextTask() {
      return tasks.poll();
    }

    /** Makes the connection writable again and runs the drain its drain handler starts. */
    void becomeWritable() {
      writable = true;
      scheduleDrain();
      runTasks();
    }
  }

  @BeforeEach
  void createFanOut() {
    bus = new LocalBus();
    journal = new MemoryJournal(64);
    channels = new ChannelLog(journal, bus);
    fanOut = new FanOut(channels, journal, bus);
    channels.channel(CHANNEL);
  }

  private void publishScores(int count) {
    for (int i = 0; i < count; i++) {
      ObjectNode patch = Json.object();
      patch.putObject("g" + (i % 5)).put("score", i);
      channels.publish(CHANNEL, patch);
    }
  }

  private JsonNode serverState() throws Exception {
    return Json.parse(channels.channel(CHANNEL).snapshot().json()).get("data");
  }

  @Test
  void blockedConnectionKeepsQueueBounded() throws Exception {
    ManualSession session = new ManualSession(fanOut, 8);
    fanOut.subscribe(session, CHANNEL, null);
    session.runTasks();
    session.writable = false;

    publishScores(500);
    session.runTasks();

    assertThat(session.queued()).isLessThanOrEqualTo(8);
    assertThat(session.written).hasSize(1);
    assertThat(session.blockedSinceNanos()).isNotZero();
  }

  @Test
  void waitingMessagesShareOneFlush() throws Exception {
    ManualSession session = new ManualSession(fanOut, 1_000);
    fanOut.subscribe(session, CHANNEL, null);
    session.runTasks();
    int flushesBefore = session.flushes;

    // Published while the connection's thread runs nothing, as when the lane is busy.
    publishScores(5);
    session.runTasks();

    assertThat(session.written).hasSize(6);
    assertThat(session.flushes).isEqualTo(flushesBefore + 1);
    assertThat(session.mirror.violations()).isEmpty();
    assertThat(session.mirror.state(CHANNEL)).isEqualTo(serverState());
  }

  @Test
  void laneContinuesAfterIo() {
    Queue<Runnable> tasks = new ArrayDeque<>();
    Queue<Runnable> afterIo = new ArrayDeque<>();
    Lane lane = new Lane(tasks::add, afterIo::add, fanOut);
    List<ManualSession> sessions = new ArrayList<>();
    for (int i = 0; i < Lane.BUDGET + 100; i++) {
      ManualSession session = new ManualSession(fanOut, 8);
      session.sharedLane = lane;
      fanOut.subscribe(session, CHANNEL, null);
      session.runTasks();
      sessions.add(session);
    }

    publishScores(1);
    tasks.poll().run();

    // The lane wrote up to its budget, then queued the rest behind the event loop's I/O.
    assertThat(tasks).isEmpty();
    assertThat(afterIo).hasSize(1);
    assertThat(sessions.stream().filter(session -> session.written.size() == 2).count())
        .isEqualTo(Lane.BUDGET);

    afterIo.poll().run();

    assertThat(afterIo).isEmpty();
    assertThat(sessions).allSatisfy(session -> assertThat(session.written).hasSize(2));
  }

  @Test
  void laneBehindSkipsToOneSnapshot() throws Exception {
    ManualSession session = new ManualSession(fanOut, 1_000);
    fanOut.subscribe(session, CHANNEL, null);
    session.runTasks();
    long resyncsBefore = fanOut.resyncCount();

    // Published while the connection's thread runs nothing, past what a lane lets wait.
    publishScores(Lane.MAX_WAITING + 44);
    session.runTasks();
    publishScores(3);
    session.runTasks();

    assertThat(session.written).hasSize(5);
    JsonNode resync = Json.parse(session.written.get(1));
    assertThat(resync.get("type").asText()).isEqualTo("snapshot");
    assertThat(resync.get("resync").asBoolean()).isTrue();
    assertThat(resync.get("seq").asLong()).isEqualTo(Lane.MAX_WAITING + 44);
    assertThat(fanOut.resyncCount()).isEqualTo(resyncsBefore + 1);
    assertThat(session.mirror.violations()).isEmpty();
    assertThat(session.mirror.state(CHANNEL)).isEqualTo(serverState());
  }

  @Test
  void resyncSnapshotIsFlushedAlone() throws Exception {
    ManualSession session = new ManualSession(fanOut, 8);
    fanOut.subscribe(session, CHANNEL, null);
    session.runTasks();
    session.writable = false;
    publishScores(100);
    session.runTasks();
    int flushesBefore = session.flushes;

    // Nothing is published after the connection drains, so only the snapshot needs a flush.
    session.becomeWritable();

    assertThat(session.written).hasSize(2);
    assertThat(Json.parse(session.written.get(1)).get("resync").asBoolean()).isTrue();
    assertThat(session.flushes).isEqualTo(flushesBefore + 1);
  }

  @Test
  void overflowIsReplacedBySnapshotOnceWritable() throws Exception {
    ManualSession session = new ManualSession(fanOut, 8);
    fanOut.subscribe(session, CHANNEL, null);
    session.runTasks();
    session.writable = false;
    publishScores(100);
    session.runTasks();

    session.becomeWritable();
    publishScores(3);
    session.runTasks();

    assertThat(session.written).hasSize(5);
    JsonNode resync = Json.parse(session.written.get(1));
    assertThat(resync.get("type").asText()).isEqualTo("snapshot");
    assertThat(resync.get("resync").asBoolean()).isTrue();
    assertThat(resync.get("seq").asLong()).isEqualTo(100);
    assertThat(session.mirror.violations()).isEmpty();
    assertThat(session.mirror.state(CHANNEL)).isEqualTo(serverState());
    assertThat(session.blockedSinceNanos()).isZero();
    assertThat(fanOut.overflowCount()).isEqualTo(1);
  }

  @Test
  void blockedConnectionGetsNoSnapshotsUntilWritable() {
    ManualSession session = new ManualSession(fanOut, 4);
    fanOut.subscribe(session, CHANNEL, null);
    session.runTasks();
    session.writable = false;

    for (int round = 0; round < 20; round++) {
      publishScores(10);
      session.runTasks();
    }

    assertThat(session.written).hasSize(1);
    assertThat(session.blockedSinceNanos()).isNotZero();
  }

  @Test
  void resumeLongerThanQueueReplaysWithoutResync() throws Exception {
    publishScores(40);
    ManualSession session = new ManualSession(fanOut, 8);
    String epoch = channels.channel(CHANNEL).epoch();
    session.mirror.accept("{\"channel\":\"games\",\"epoch\":\"" + epoch
        + "\",\"seq\":5,\"type\":\"snapshot\",\"data\":{}}");

    fanOut.subscribe(session, CHANNEL, new Position(CHANNEL, epoch, 5));
    session.runTasks();

    assertThat(session.written).hasSize(35);
    assertThat(session.written).noneMatch(text -> text.contains("\"resync\""));
    assertThat(Json.parse(session.written.get(0)).get("seq").asLong()).isEqualTo(6);
    assertThat(session.mirror.violations()).isEmpty();
    assertThat(fanOut.overflowCount()).isZero();
  }

  @Test
  void resubscribeDoesNotSendOlderSeq() throws Exception {
    ManualSession session = new ManualSession(fanOut, 64);
    fanOut.subscribe(session, CHANNEL, null);
    session.runTasks();
    publishScores(10);

    fanOut.unsubscribe(session, CHANNEL);
    fanOut.subscribe(session, CHANNEL, null);
    publishScores(2);
    session.runTasks();

    List<Long> seqs = new ArrayList<>();
    for (String text : session.written) {
      seqs.add(Json.parse(text).get("seq").asLong());
    }
    assertThat(seqs).isSorted();
    assertThat(seqs).doesNotHaveDuplicates();
    assertThat(seqs.get(seqs.size() - 1)).isEqualTo(12);
    assertThat(session.mirror.state(CHANNEL)).isEqualTo(serverState());
  }

  @Test
  void resubscribeLoopKeepsOneStartPerChannel() {
    publishScores(40);
    String epoch = channels.channel(CHANNEL).epoch();
    ManualSession session = new ManualSession(fanOut, 8);
    session.writable = false;

    for (int i = 0; i < 100; i++) {
      fanOut.unsubscribe(session, CHANNEL);
      fanOut.subscribe(session, CHANNEL, new Position(CHANNEL, epoch, 1));
    }
    session.runTasks();

    assertThat(session.queuedFirstMessages()).isEqualTo(39);
    assertThat(session.written).isEmpty();
  }

  @Test
  void closedSessionIsNotSubscribed() {
    ManualSession session = new ManualSession(fanOut, 8);
    session.close("test", "closed before subscribing");

    fanOut.subscribe(session, CHANNEL, null);

    assertThat(fanOut.subscriberCount(CHANNEL)).isZero();
  }
}
