package dev.courtside.push;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket that does only what a test requests: after the RFC 6455
 * opening handshake it sends the frames it is given and reads nothing until asked, and it never
 * answers a ping. It plays a peer that stopped reading or went silent.
 */
final class RawWebSocket implements AutoCloseable {

  /**
   * A frame received from the server.
   *
   * @param opcode RFC 6455 opcode: 1 text, 8 close, 9 ping, 10 pong
   */
  record Frame(int opcode, byte[] payload) {

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** Returns the status code of a close frame, or -1 when it carries none. */
    int closeCode() {
      return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    /** Returns the reason text of a close frame. */
    String closeReason() {
      return payload.length <= 2 ? ""
          : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to {@code /ws} on loopback and completes the opening handshake.
   *
   * @param receiveBufferBytes the socket's receive buffer, set before connecting so the TCP
   *     window stays that small; 0 keeps the system default
   */
  static RawWebSocket connect(int port, int receiveBufferBytes) throws IOException {
    Socket socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    RawWebSocket webSocket = new RawWebSocket(socket);
    webSocket.handshake();
    return webSocket;
  }

  private void handshake() throws IOException {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String request = "GET " + WebSocketTransport.PATH + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + socket.getPort() + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("Connection closed during the WebSocket handshake: " + head);
      }
      head.write(b);
    }
    String status = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("WebSocket handshake failed: expected 101 but was '" + status
          + "'");
    }
  }

  /** Sends a text frame, masked as RFC 6455 section 5.3 requires of clients. */
  void sendText(String text) throws IOException {
    send(1, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a close frame with a status code and a reason. */
  void sendClose(int status, String reason) throws IOException {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[text.length + 2];
    payload[0] = (byte) (status >>> 8);
    payload[1] = (byte) status;
    System.arraycopy(text, 0, payload, 2, text.length);
    send(8, payload);
  }

  /**
   * Sends one final frame, masked as RFC 6455 section 5.3 requires of clients.
   *
   * @param opcode RFC 6455 opcode: 1 text, 2 binary, 8 close, 9 ping, 10 pong
   */
  void send(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift) & 0xff);
      }
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Sends bytes as they are, such as a malformed frame. */
  void sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Reads the next frame, waiting up to {@code timeout}.
   *
   * @return the frame, or null when the server closed the connection
   * @throws SocketTimeoutException when nothing arrived in time
   */
  Frame read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    int first = in.read();
    if (first < 0) {
      return null;
    }
    int second = readByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = ((long) readByte() << 8) | readByte();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | readByte();
      }
    }
    byte[] payload = in.readNBytes((int) length);
    if (payload.length < length) {
      return null;
    }
    return new Frame(first & 0x0f, payload);
  }

  /** Reads frames until a close frame arrives, and returns it; null when none came. */
  Frame readUntilClose(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Frame frame = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (frame == null || frame.opcode() == 8) {
        return frame;
      }
    }
    return null;
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("Connection closed inside a WebSocket frame");
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
