package dev.courtside.push;

import dev.courtside.ops.ChannelMirror;
import java.util.List;

/**
 * A test client of one push transport. It applies what it receives to a {@link ChannelMirror},
 * can drop its connection without warning, and reconnects resuming from its last position the
 * way that transport prescribes.
 *
 * <p>Messages that arrive after {@link #disconnect()} are ignored, as if they were lost with
 * the connection.
 */
abstract class TestClient implements AutoCloseable {

  /** The push transports, by the name sessions report in {@link Session#transport()}. */
  enum Transport {
    WS, SSE, POLL
  }

  private final ChannelMirror mirror = new ChannelMirror();
  private final List<String> channels;

  TestClient(List<String> channels) {
    this.channels = List.copyOf(channels);
  }

  /** Returns the transport this client uses. */
  abstract Transport transport();

  /**
   * Opens a connection subscribed to every channel. The first connection starts each channel
   * with a snapshot; later ones resume from the last position received.
   */
  abstract void open() throws Exception;

  /**
   * Makes the next {@link #open()} resume from positions the client did not receive, written
   * as {@code channel|epoch|seq} joined by commas.
   */
  abstract void resumeFrom(String positions);

  /** Drops the connection at once, without unsubscribing. */
  abstract void disconnect() throws Exception;

  /** Returns true while a connection is open or a poll is pending. */
  abstract boolean connected();

  ChannelMirror mirror() {
    return mirror;
  }

  List<String> channels() {
    return channels;
  }

  @Override
  public void close() throws Exception {
    disconnect();
  }

  @Override
  public String toString() {
    return transport() + " client of " + channels;
  }
}
