package dev.courtside.store;

import dev.courtside.model.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A journal that keeps the last {@code capacity} messages of each channel in memory.
 *
 * <p>Past the capacity the oldest message of the channel is dropped, so a client that missed
 * more than that gets a resync snapshot instead of a replay.
 */
public final class MemoryJournal implements ChannelJournal {

  private final int capacity;
  private final ConcurrentHashMap<String, Ring> rings = new ConcurrentHashMap<>();

  /**
   * Creates a journal.
   *
   * @param capacity messages kept per channel, 1 or more
   */
  public MemoryJournal(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "Invalid journal capacity " + capacity + ": expected 1 or more");
    }
    this.capacity = capacity;
  }

  @Override
  public void append(Message message) {
    rings.computeIfAbsent(message.channel(), name -> new Ring(capacity)).add(message);
  }

  @Override
  public Optional<List<Message>> replaySince(String channel, String epoch, long afterSeq) {
    Ring ring = rings.get(channel);
    if (ring == null) {
      return Optional.empty();
    }
    return ring.since(epoch, afterSeq);
  }

  @Override
  public void clear(String channel) {
    rings.remove(channel);
  }

  /** A fixed-size circular buffer of one channel's messages. */
  private static final class Ring {
    private final Message[] slots;
    private int next;
    private int size;

    Ring(int capacity) {
      slots = new Message[capacity];
    }

    synchronized void add(Message message) {
      slots[next] = message;
      next = (next + 1) % slots.length;
      size = Math.min(size + 1, slots.length);
    }

    synchronized Optional<List<Message>> since(String epoch, long afterSeq) {
      if (size == 0) {
        return Optional.empty();
      }
      Message newest = slots[(next - 1 + slots.length) % slots.length];
      if (!newest.epoch().equals(epoch)) {
        return Optional.empty();
      }
      if (afterSeq >= newest.seq()) {
        return Optional.of(List.of());
      }
      Message oldest = slots[(next - size + slots.length) % slots.length];
      if (afterSeq + 1 < oldest.seq()) {
        return Optional.empty();
      }
      List<Message> missed = new ArrayList<>((int) (newest.seq() - afterSeq));
      for (int i = 0; i < size; i++) {
        Message message = slots[(next - size + i + slots.length) % slots.length];
        if (message.seq() > afterSeq) {
          missed.add(message);
        }
      }
      return Optional.of(missed);
    }
  }
}
