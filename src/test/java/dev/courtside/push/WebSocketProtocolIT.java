package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courtside.ops.CourtsideServer;
import dev.courtside.ops.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebSocket protocol after the handshake, which Courtside's own Netty handler serves:
 * pings, both directions of the closing handshake, frames the decoder refuses, and the
 * connection's session and permit released however the connection ends.
 */
class WebSocketProtocolIT {

  private static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"channels\":[\"games\"]}";
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path dir;

  private CourtsideServer server;

  @BeforeEach
  void start() {
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir), Limits.DEFAULTS);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void pingGetsPongWithPayload() throws Exception {
    try (RawWebSocket socket = RawWebSocket.connect(server.port(), 0)) {
      socket.send(9, "are you there".getBytes(StandardCharsets.UTF_8));

      RawWebSocket.Frame pong = socket.read(WAIT);

      assertThat(pong.opcode()).isEqualTo(10);
      assertThat(pong.text()).isEqualTo("are you there");
    }
  }

  @Test
  void clientCloseIsEchoed() throws Exception {
    try (RawWebSocket socket = RawWebSocket.connect(server.port(), 0)) {
      socket.sendText(SUBSCRIBE);
      await().atMost(WAIT).until(() -> server.fanOut().subscriberCount("games") == 1);

      socket.sendClose(1000, "page closed");
      RawWebSocket.Frame close = socket.readUntilClose(WAIT);

      assertThat(close).isNotNull();
      assertThat(close.closeCode()).isEqualTo(1000);
      assertThat(socket.read(WAIT)).as("end of stream after the close frame").isNull();
      assertReleased();
    }
  }

  @Test
  void unansweredServerCloseTimesOut() throws Exception {
    try (RawWebSocket socket = RawWebSocket.connect(server.port(), 0)) {
      // More invalid messages than the error limit: the server closes with 1008.
      for (int i = 0; i <= Limits.DEFAULTS.maxErrors(); i++) {
        socket.sendText("not json");
      }
      RawWebSocket.Frame close = socket.readUntilClose(WAIT);
      assertThat(close).isNotNull();
      assertThat(close.closeCode()).isEqualTo(1008);

      // The client never sends its close frame; the server ends TCP after its closing timeout.
      assertThat(socket.read(Duration.ofSeconds(15))).isNull();
      assertReleased();
    }
  }

  @Test
  void oversizedFrameClosesWith1009() throws Exception {
    try (RawWebSocket socket = RawWebSocket.connect(server.port(), 0)) {
      socket.sendText(SUBSCRIBE);
      await().atMost(WAIT).until(() -> server.fanOut().subscriberCount("games") == 1);
      // A text frame header that announces 1 GiB, well past the decoder's frame limit.
      socket.sendBytes(new byte[] {(byte) 0x81, (byte) (0x80 | 127), 0, 0, 0, 0, 0x40, 0, 0, 0,
          1, 2, 3, 4});

      RawWebSocket.Frame close = socket.readUntilClose(WAIT);

      assertThat(close).isNotNull();
      assertThat(close.closeCode()).isEqualTo(1009);
      assertReleased();
    }
  }

  @Test
  void invalidUtf8ClosesWith1007() throws Exception {
    try (RawWebSocket socket = RawWebSocket.connect(server.port(), 0)) {
      socket.send(1, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});

      RawWebSocket.Frame close = socket.readUntilClose(WAIT);

      assertThat(close).isNotNull();
      assertThat(close.closeCode()).isEqualTo(1007);
      assertReleased();
    }
  }

  @Test
  void closeWhileBackedUpEndsConnection() throws Exception {
    try (RawWebSocket socket = RawWebSocket.connect(server.port(), 4096)) {
      socket.sendText(SUBSCRIBE);
      await().atMost(WAIT).until(() -> server.fanOut().subscriberCount("games") == 1);
      // Pongs the client never reads fill the socket buffers, so the server's reply to the
      // close frame cannot be written.
      floodWithPings(socket, 8 << 20);

      socket.sendClose(1000, "page closed");

      await().atMost(Duration.ofSeconds(15)).until(() -> server.connections().open() == 0);
      assertReleased();
    }
  }

  @Test
  void pingFloodWithoutReadingIsSlowConsumer() throws Exception {
    server.close();
    server = CourtsideServer.startWithoutFeeds(TestServers.settings(dir),
        Limits.DEFAULTS.withQueue(Limits.DEFAULTS.maxQueued(), Duration.ofSeconds(2)));
    try (RawWebSocket socket = RawWebSocket.connect(server.port(), 4096)) {
      await().atMost(WAIT).until(() -> server.sessions().size() == 1);

      floodWithPings(socket, 8 << 20);

      // Without channels nothing else blocks the connection: only the unread pongs do.
      await().atMost(Duration.ofSeconds(10)).until(() -> server.sessions().size() == 0);
      await().atMost(Duration.ofSeconds(15)).until(() -> server.connections().open() == 0);
    }
  }

  /** Sends pings of the largest control payload, 125 bytes, until {@code bytes} are sent. */
  private static void floodWithPings(RawWebSocket socket, int bytes) throws Exception {
    byte[] payload = new byte[125];
    for (int sent = 0; sent < bytes; sent += payload.length + 6) {
      socket.send(9, payload);
    }
  }

  @Test
  void droppedConnectionReleasesSession() throws Exception {
    RawWebSocket socket = RawWebSocket.connect(server.port(), 0);
    socket.sendText(SUBSCRIBE);
    await().atMost(WAIT).until(() -> server.fanOut().subscriberCount("games") == 1);
    assertThat(server.connections().open()).isEqualTo(1);

    socket.close();

    assertReleased();
  }

  private void assertReleased() {
    await().atMost(WAIT).until(() -> server.sessions().size() == 0);
    await().atMost(WAIT).until(() -> server.connections().open() == 0);
    assertThat(server.fanOut().subscriberCount("games")).isZero();
  }
}
