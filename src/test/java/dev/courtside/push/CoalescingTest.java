package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.bus.LocalBus;
import dev.courtside.engine.ChannelLog;
import dev.courtside.model.Json;
import dev.courtside.model.MergePatch;
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

/**
 * The coalescing window of {@link ChannelLog}. The window is an hour long, so it never ends by
 * itself during a test and {@link ChannelLog#flushAll()} ends it where the test requires.
 */
class CoalescingTest {

  private static final String CHANNEL = "games";

  private final List<Message> published = new ArrayList<>();
  private ScheduledExecutorService timer;
  private ChannelLog channels;

  @BeforeEach
  void createLog() {
    LocalBus bus = new LocalBus();
    bus.subscribe(published::add);
    timer = Executors.newSingleThreadScheduledExecutor();
    channels = new ChannelLog(new MemoryJournal(64), bus, Duration.ofHours(1), timer);
    channels.channel(CHANNEL);
  }

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  private void publish(String json) throws Exception {
    channels.publish(CHANNEL, (ObjectNode) Json.parse(json));
  }

  @Test
  void windowMergesChangesIntoOneDelta() throws Exception {
    publish("{\"g1\":{\"score\":1,\"clock\":700}}");
    publish("{\"g1\":{\"score\":3}}");
    publish("{\"g2\":{\"score\":2}}");
    publish("{\"g1\":{\"clock\":null}}");

    channels.flushAll();

    assertThat(published).hasSize(1);
    assertThat(published.get(0).seq()).isEqualTo(1);
    assertThat(published.get(0).data())
        .isEqualTo(Json.parse("{\"g1\":{\"score\":3},\"g2\":{\"score\":2}}"));
  }

  @Test
  void snapshotInsideWindowMatchesItsSeq() throws Exception {
    publish("{\"g1\":{\"score\":1}}");
    channels.flushAll();
    publish("{\"g1\":{\"stale\":true}}");

    Message snapshot = channels.channel(CHANNEL).snapshot();
    publish("{\"g1\":{\"stale\":null}}");
    channels.flushAll();

    // The snapshot is numbered 1, so it must hold the state after delta 1 and nothing newer:
    // a change undone inside the window is never published and would stay with the client.
    assertThat(snapshot.seq()).isEqualTo(1);
    assertThat(snapshot.data()).isEqualTo(Json.parse("{\"g1\":{\"score\":1}}"));
    assertThat(published).hasSize(1);
  }

  @Test
  void clientOnSnapshotEndsOnFinalValues() throws Exception {
    publish("{\"g1\":{\"score\":1,\"period\":1}}");
    channels.flushAll();
    publish("{\"g1\":{\"score\":2}}");
    Message snapshot = channels.channel(CHANNEL).snapshot();
    publish("{\"g1\":{\"score\":4,\"period\":2}}");
    channels.flushAll();

    JsonNode state = snapshot.data();
    for (Message delta : published) {
      if (delta.seq() > snapshot.seq()) {
        state = MergePatch.apply(state, delta.data());
      }
    }

    assertThat(state).isEqualTo(channels.channel(CHANNEL).snapshot().data());
    assertThat(state).isEqualTo(Json.parse("{\"g1\":{\"score\":4,\"period\":2}}"));
  }
}
