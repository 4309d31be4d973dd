package dev.courtside.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.engine.ChannelLog;
import dev.courtside.model.Json;
import dev.courtside.model.Message;
import dev.courtside.store.MemoryJournal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A channel log whose deltas an in-memory sequencer numbers, as Redis does for a cluster. */
class SequencedChannelLogTest {

  /** Records what the log sends. The test applies numbered messages itself. */
  private static final class RecordingSequencer implements Sequencer {
    final List<String> sent = new ArrayList<>();
    Replicas replicas;

    @Override
    public synchronized void sequence(String channel, ObjectNode patch) {
      sent.add(channel + " " + Json.write(patch));
    }

    @Override
    public void attach(Replicas attached) {
      replicas = attached;
    }
  }

  private final RecordingSequencer sequencer = new RecordingSequencer();
  private final MemoryJournal journal = new MemoryJournal(10);
  private final LocalBus fanOutBus = new LocalBus();
  private final List<Message> handedOut = new ArrayList<>();
  private ScheduledExecutorService timer;

  @BeforeEach
  void subscribe() {
    fanOutBus.subscribe(handedOut::add);
  }

  @AfterEach
  void stopTimer() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private static ObjectNode patch(String json) throws Exception {
    return (ObjectNode) Json.parse(json);
  }

  private static Message message(long seq, String type, String json) throws Exception {
    return new Message("games", "shared", seq, type, patch(json), false);
  }

  @Test
  void changeWaitsForNumberedMessage() throws Exception {
    ChannelLog log = new ChannelLog(journal, fanOutBus, sequencer, Duration.ZERO, null);

    log.publish("games", patch("{\"g1\":{\"score\":2}}"));

    assertThat(sequencer.sent).containsExactly("games {\"g1\":{\"score\":2}}");
    assertThat(log.channel("games").seq()).isZero();
    assertThat(log.channel("games").snapshot().data()).isEqualTo(Json.object());
    assertThat(handedOut).isEmpty();
  }

  @Test
  void numberedMessagesUpdateReplica() throws Exception {
    ChannelLog log = new ChannelLog(journal, fanOutBus, sequencer, Duration.ZERO, null);

    sequencer.replicas.apply(message(1, Message.SNAPSHOT, "{\"g1\":{\"score\":0}}"));
    sequencer.replicas.apply(message(2, Message.DELTA, "{\"g1\":{\"score\":2}}"));

    ChannelLog.Channel games = log.channel("games");
    assertThat(games.epoch()).isEqualTo("shared");
    assertThat(games.seq()).isEqualTo(2);
    assertThat(games.snapshot().data()).isEqualTo(patch("{\"g1\":{\"score\":2}}"));
    assertThat(handedOut).extracting(Message::seq).containsExactly(1L, 2L);
    assertThat(handedOut.get(0).resync()).isTrue();
    assertThat(journal.replaySince("games", "shared", 1).orElseThrow())
        .extracting(Message::seq).containsExactly(2L);
  }

  @Test
  void outOfOrderDeltaIsSkipped() throws Exception {
    ChannelLog log = new ChannelLog(journal, fanOutBus, sequencer, Duration.ZERO, null);
    sequencer.replicas.apply(message(1, Message.SNAPSHOT, "{}"));

    sequencer.replicas.apply(message(3, Message.DELTA, "{\"g1\":{\"score\":2}}"));

    assertThat(log.channel("games").seq()).isEqualTo(1);
    assertThat(handedOut).hasSize(1);
  }

  @Test
  void snapshotStartsJournalOver() throws Exception {
    ChannelLog log = new ChannelLog(journal, fanOutBus, sequencer, Duration.ZERO, null);
    sequencer.replicas.apply(message(1, Message.SNAPSHOT, "{}"));
    sequencer.replicas.apply(message(2, Message.DELTA, "{\"g1\":{\"score\":2}}"));

    Message restarted = new Message("games", "newer", 1, Message.SNAPSHOT,
        patch("{\"g1\":{\"score\":4}}"), false);
    sequencer.replicas.apply(restarted);

    assertThat(log.channel("games").epoch()).isEqualTo("newer");
    assertThat(log.channel("games").seq()).isEqualTo(1);
    assertThat(journal.replaySince("games", "shared", 1)).isEmpty();
    assertThat(sequencer.replicas.snapshot("games").data())
        .isEqualTo(patch("{\"g1\":{\"score\":4}}"));
  }

  @Test
  void coalescedChangesSentAsOneDiff() throws Exception {
    timer = Executors.newSingleThreadScheduledExecutor();
    ChannelLog log = new ChannelLog(journal, fanOutBus, sequencer, Duration.ofHours(1), timer);
    sequencer.replicas.apply(message(1, Message.SNAPSHOT, "{\"g1\":{\"score\":0},\"g2\":{}}"));

    log.publish("games", patch("{\"g1\":{\"score\":2}}"));
    log.publish("games", patch("{\"g1\":{\"score\":4,\"clock\":600}}"));
    // A delta of another node arrives inside the window and must not be undone.
    sequencer.replicas.apply(message(2, Message.DELTA, "{\"g2\":{\"score\":1}}"));
    log.flushAll();

    assertThat(sequencer.sent).containsExactly("games {\"g1\":{\"score\":4,\"clock\":600}}");
  }
}
