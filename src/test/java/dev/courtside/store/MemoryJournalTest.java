package dev.courtside.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courtside.model.Json;
import dev.courtside.model.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryJournalTest {

  private static Message delta(String channel, String epoch, long seq) {
    return new Message(channel, epoch, seq, Message.DELTA, Json.object().put("n", seq), false);
  }

  @Test
  void replaySinceReturnsMissedInOrder() {
    MemoryJournal journal = new MemoryJournal(10);
    for (long seq = 1; seq <= 5; seq++) {
      journal.append(delta("games", "e1", seq));
    }

    List<Message> missed = journal.replaySince("games", "e1", 2).orElseThrow();

    assertThat(missed).extracting(Message::seq).containsExactly(3L, 4L, 5L);
  }

  @Test
  void replayAtNewestIsEmptyNotGap() {
    MemoryJournal journal = new MemoryJournal(10);
    journal.append(delta("games", "e1", 1));

    assertThat(journal.replaySince("games", "e1", 1)).hasValue(List.of());
  }

  @Test
  void replayPastCapacityIsGap() {
    MemoryJournal journal = new MemoryJournal(3);
    for (long seq = 1; seq <= 6; seq++) {
      journal.append(delta("games", "e1", seq));
    }

    assertThat(journal.replaySince("games", "e1", 2)).isEmpty();
    assertThat(journal.replaySince("games", "e1", 3).orElseThrow())
        .extracting(Message::seq).containsExactly(4L, 5L, 6L);
  }

  @Test
  void replayWithOtherEpochIsGap() {
    MemoryJournal journal = new MemoryJournal(10);
    journal.append(delta("games", "e1", 1));

    assertThat(journal.replaySince("games", "e0", 0)).isEmpty();
  }

  @Test
  void unknownChannelIsGap() {
    assertThat(new MemoryJournal(10).replaySince("game:1", "e1", 0)).isEmpty();
  }

  @Test
  void channelsAreKeptApart() {
    MemoryJournal journal = new MemoryJournal(10);
    journal.append(delta("a", "e1", 1));
    journal.append(delta("b", "e2", 1));
    journal.append(delta("a", "e1", 2));

    assertThat(journal.replaySince("a", "e1", 0).orElseThrow()).hasSize(2);
    assertThat(journal.replaySince("b", "e2", 0).orElseThrow()).hasSize(1);
  }

  @Test
  void zeroCapacityIsRejected() {
    assertThatThrownBy(() -> new MemoryJournal(0))
        .hasMessage("Invalid journal capacity 0: expected 1 or more");
  }
}
