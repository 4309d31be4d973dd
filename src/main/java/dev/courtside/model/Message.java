package dev.courtside.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One published message of a channel, in the wire envelope every transport sends.
 *
 * <p>The envelope is encoded once, on first use, and the same text goes to every subscriber
 * of the channel.
 */
public final class Message {

  /** Type of a message whose data is the whole channel state. */
  public static final String SNAPSHOT = "snapshot";

  /** Type of a message whose data is a merge patch of the channel state. */
  public static final String DELTA = "delta";

  private final String channel;
  private final String epoch;
  private final long seq;
  private final String type;
  private final JsonNode data;
  private final boolean resync;
  private final long publishedNanos;
  private volatile String json;

  /**
   * Creates a message.
   *
   * @param channel channel name, such as {@code game:0022000001}
   * @param epoch id of the channel's history; a different epoch means the history restarted
   * @param seq position in the channel, one more than the message before it
   * @param type {@link #SNAPSHOT}, {@link #DELTA}, or a control type
   * @param data the whole channel state for a snapshot, an RFC 7386 merge patch for a delta
   * @param resync true on a snapshot sent because history could not bridge a client's gap
   */
  public Message(String channel, String epoch, long seq, String type, JsonNode data,
      boolean resync) {
    this(channel, epoch, seq, type, data, resync, System.nanoTime());
  }

  private Message(String channel, String epoch, long seq, String type, JsonNode data,
      boolean resync, long publishedNanos) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.epoch = epoch;
    this.seq = seq;
    this.type = Objects.requireNonNull(type, "type");
    this.data = data;
    this.resync = resync;
    this.publishedNanos = publishedNanos;
  }

  public String channel() {
    return channel;
  }

  public String epoch() {
    return epoch;
  }

  public long seq() {
    return seq;
  }

  public String type() {
    return type;
  }

  public JsonNode data() {
    return data;
  }

  public boolean resync() {
    return resync;
  }

  /** Returns {@link System#nanoTime()} at publication, for latency metrics; never sent. */
  public long publishedNanos() {
    return publishedNanos;
  }

  /** Returns true for a snapshot, whose data is the whole channel state. */
  public boolean isSnapshot() {
    return SNAPSHOT.equals(type);
  }

  /** Returns the envelope as JSON text, encoding it on the first call only. */
  public String json() {
    String text = json;
    if (text == null) {
      ObjectNode envelope = Json.object();
      envelope.put("channel", channel);
      if (epoch != null) {
        envelope.put("epoch", epoch);
      }
      envelope.put("seq", seq);
      envelope.put("type", type);
      if (resync) {
        envelope.put("resync", true);
      }
      if (data != null) {
        envelope.set("data", data);
      }
      text = Json.write(envelope);
      json = text;
    }
    return text;
  }

  /** Returns this message flagged {@code resync}. */
  public Message asResync() {
    return new Message(channel, epoch, seq, type, data, true, publishedNanos);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Message m && m.channel.equals(channel)
        && Objects.equals(m.epoch, epoch) && m.seq == seq && m.type.equals(type)
        && m.resync == resync && Objects.equals(m.data, data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(channel, epoch, seq, type);
  }

  @Override
  public String toString() {
    return "Message[channel=" + channel + ", epoch=" + epoch + ", seq=" + seq + ", type=" + type
        + "]";
  }
}
