package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courtside.model.Game;
import dev.courtside.model.Team;
import dev.courtside.push.Limits;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with {@code --tls-cert} and {@code --tls-key}: HTTPS, HTTP/2 through ALPN, WSS. */
class TlsIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private TestCertificate certificate;
  private Vertx vertx;
  private CourtsideServer server;

  @BeforeEach
  void start() throws Exception {
    certificate = TestCertificate.generate(dir, "localhost");
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void startTls() {
    server = CourtsideServer.startWithoutFeeds(
        TestServers.settings(dir).withTls(certificate.files()), Limits.DEFAULTS);
    server.engine().applyHeader(Game.scheduled("tls1", "nba", null,
        new Team("nba", "1", "Home", "HOM", ""), new Team("nba", "2", "Away", "AWY", ""), 4));
  }

  private HttpResponse<String> get(HttpClient.Version version, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder()
        .version(version)
        .sslContext(certificate.clientContext())
        .build();
    return client.send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + server.port() + path))
            .timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void httpsServesGamesApi() throws Exception {
    startTls();

    HttpResponse<String> response = get(HttpClient.Version.HTTP_1_1, "/api/games");

    assertThat(server.scheme()).isEqualTo("https");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"tls1\"");
  }

  @Test
  void alpnNegotiatesHttp2() throws Exception {
    startTls();

    HttpResponse<String> response = get(HttpClient.Version.HTTP_2, "/api/games");

    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"tls1\"");
  }

  @Test
  void eventStreamOverHttp2DeliversSnapshot() throws Exception {
    startTls();
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_2)
        .sslContext(certificate.clientContext())
        .build();

    HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + server.port() + "/events?channel=games"))
            .timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofLines());
    String firstEvent = CompletableFuture.supplyAsync(() -> response.body()
            .filter(line -> line.startsWith("data: ")).findFirst().orElse(""))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    response.body().close();

    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("connection")).isEmpty();
    assertThat(firstEvent).contains("\"channel\":\"games\"").contains("\"snapshot\"");
  }

  @Test
  void wssClientReceivesSnapshot() throws Exception {
    startTls();
    ChannelMirror mirror = new ChannelMirror();

    try (TestWebSocket socket = TestWebSocket.connectTls(vertx, server.port(),
        certificate.cert(), mirror)) {
      socket.subscribe("games");
      await().atMost(WAIT).until(() -> mirror.seq("games") != null);
    }

    assertThat(mirror.state("games").has("tls1")).isTrue();
    assertThat(mirror.violations()).isEmpty();
  }

  /**
   * Browsers open a WebSocket on a connection whose ALPN offers only http/1.1, so the server
   * must pick http/1.1 there and answer the upgrade.
   */
  @Test
  void webSocketUpgradeOnHttp11Alpn() throws Exception {
    startTls();

    try (SSLSocket socket = (SSLSocket) certificate.clientContext().getSocketFactory()
        .createSocket("127.0.0.1", server.port())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      socket.setSSLParameters(parameters);
      socket.setSoTimeout((int) WAIT.toMillis());
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();

      assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
      assertThat(statusLine).startsWith("HTTP/1.1 101");
    }
  }

  @Test
  void mismatchedKeyStopsStart() throws Exception {
    TestCertificate other = TestCertificate.generate(dir, "other");
    TlsFiles mixed = new TlsFiles(certificate.cert(), other.key());

    assertThatThrownBy(() -> CourtsideServer.startWithoutFeeds(
        TestServers.settings(dir).withTls(mixed), Limits.DEFAULTS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Invalid tls-key '" + other.key() + "': the key does not match the first"
            + " certificate in " + certificate.cert() + " (CN=localhost)");
  }

  @Test
  void certificateThatIsNotPemStopsStart() throws Exception {
    Path notPem = Files.writeString(dir.resolve("cert.txt"), "not a certificate\n");

    assertThatThrownBy(() -> CourtsideServer.startWithoutFeeds(
        TestServers.settings(dir).withTls(new TlsFiles(notPem, certificate.key())),
        Limits.DEFAULTS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Invalid tls-cert '" + notPem + "': expected a PEM file starting with"
            + " -----BEGIN CERTIFICATE-----");
  }

  @Test
  void unreadableKeyStopsStart() throws Exception {
    Path badKey = Files.writeString(dir.resolve("key.pem"),
        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> CourtsideServer.startWithoutFeeds(
        TestServers.settings(dir).withTls(new TlsFiles(certificate.cert(), badKey)),
        Limits.DEFAULTS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Invalid tls-key '" + badKey + "': cannot load it with the"
            + " certificate in " + certificate.cert())
        .hasMessageEndingWith("Expected an unencrypted PEM private key (BEGIN PRIVATE KEY,"
            + " BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY) that matches the certificate");
  }

  @Test
  void missingCertificateStopsStart() {
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(() -> CourtsideServer.startWithoutFeeds(
        TestServers.settings(dir).withTls(new TlsFiles(missing, certificate.key())),
        Limits.DEFAULTS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Invalid tls-cert '" + missing + "': no such file");
  }
}
