package dev.courtside.push;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The frames of one WebSocket message received so far (RFC 6455 section 5.4). Bytes past the
 * size limit are counted but not kept, so a client cannot make the server buffer a huge message
 * across many small frames.
 */
final class FragmentedMessage {

  private final boolean text;
  private final int maxBytes;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
  private long length;

  FragmentedMessage(boolean text, int maxBytes) {
    this.text = text;
    this.maxBytes = maxBytes;
  }

  /** Adds the payload of the next frame. */
  void append(ByteBuf payload) {
    int size = payload.readableBytes();
    length += size;
    if (length <= maxBytes) {
      byte[] chunk = new byte[size];
      payload.getBytes(payload.readerIndex(), chunk);
      bytes.writeBytes(chunk);
    }
  }

  boolean isText() {
    return text;
  }

  /** Returns the size of the whole message in bytes, kept or not. */
  long length() {
    return length;
  }

  boolean tooLarge() {
    return length > maxBytes;
  }

  /**
   * Returns the message as text, which is complete only when the message is not too large.
   *
   * @throws CharacterCodingException when the bytes are not valid UTF-8
   */
  String asText() throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .decode(ByteBuffer.wrap(bytes.toByteArray()))
        .toString();
  }
}
