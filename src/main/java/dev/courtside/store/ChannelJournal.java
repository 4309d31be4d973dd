package dev.courtside.store;

import dev.courtside.model.Message;
import java.util.List;
import java.util.Optional;

/**
 * The recent history of every channel, so a client that reconnects gets exactly the messages
 * it missed.
 */
public interface ChannelJournal {

  /** Appends a published delta. Messages of one channel arrive with consecutive seqs. */
  void append(Message message);

  /**
   * Returns the messages of {@code channel} with a seq above {@code afterSeq}, oldest first,
   * when the journal still holds all of them.
   *
   * @return the messages, possibly none, or empty when the history no longer reaches back to
   *     {@code afterSeq + 1} or the epoch is not the journal's
   */
  Optional<List<Message>> replaySince(String channel, String epoch, long afterSeq);

  /** Removes the history of a channel, when its state starts over. */
  void clear(String channel);
}
