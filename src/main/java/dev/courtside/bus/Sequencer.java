package dev.courtside.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courtside.model.Message;

/**
 * The numbering of channel messages when several nodes publish on the same channels: assigns
 * each delta its channel's shared epoch and next seq, and delivers the numbered messages to
 * every node's channel replicas, the publishing node included.
 *
 * <p>A single node numbers its messages itself and needs no sequencer.
 */
public interface Sequencer {

  /**
   * Numbers a delta of a channel and publishes it. Returns at once. The numbered message
   * reaches the attached {@link Replicas} later, on every node, in seq order per channel.
   * Deltas of one channel given from one thread are numbered in call order.
   */
  void sequence(String channel, ObjectNode patch);

  /** Attaches the replicas of this node's channels. Call once, before the first delta. */
  void attach(Replicas replicas);

  /** The channel replicas of one node, which a sequencer keeps up to date. */
  interface Replicas {

    /**
     * Applies a numbered message. A delta is always the next seq of its channel in the
     * channel's current epoch. A snapshot replaces the channel's state, epoch and seq.
     */
    void apply(Message message);

    /** Returns the current snapshot of a channel, or null when this node has none. */
    Message snapshot(String channel);
  }
}
