package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courtside.model.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image that {@code ./mvnw -Pimage package} writes: its configuration, and a run
 * of its own Java runtime and libraries from the unpacked layers, serving HTTPS.
 *
 * <p>Runs only in the {@code image} profile, which passes the tar's path in the system property
 * {@code courtside.image.tar}. As root, the server runs in a chroot of the unpacked image as
 * user 65532, so it can use nothing of this machine's files. Otherwise the image's own dynamic
 * loader starts it with the image's libraries.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ImageIT {

  private static final String USER = "65532:65532";
  private static final Path CHROOT = Path.of("/usr/sbin/chroot");
  private static final Duration START_WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private Path tar;
  private Process server;
  private Path serverLog;

  @BeforeEach
  void requireImage() {
    String configured = System.getProperty("courtside.image.tar");
    Assumptions.assumeTrue(configured != null && !configured.isBlank(),
        "no image to check: run with -Pimage, which builds it and sets courtside.image.tar");
    tar = Path.of(configured);
    assertThat(tar).as("image tar built by the image profile").isRegularFile();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server == null) {
      return;
    }
    server.destroy();
    if (!server.waitFor(20, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void configRunsMainAsNonRoot() throws Exception {
    JsonNode config = config(unpackTar());

    assertThat(config.path("User").asText()).isEqualTo(USER);
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/tmp");
    assertThat(config.path("Entrypoint").toString()).isEqualTo(
        "[\"/opt/java/bin/java\",\"-cp\",\"@/app/jib-classpath-file\","
            + "\"dev.courtside.ops.Main\"]");
    assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
  }

  @Test
  void unpackedImageServesHttps() throws Exception {
    Path root = unpackLayers(unpackTar());
    TestCertificate certificate = TestCertificate.generate(
        Files.createDirectories(root.resolve("tmp/tls")), "localhost");
    int port = freePort();
    List<String> arguments = List.of("-cp", "@/app/jib-classpath-file",
        "dev.courtside.ops.Main", "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--speed", "0", "--db", "jdbc:h2:file:/tmp/data/courtside",
        "--tls-cert", "/tmp/tls/localhost-cert.pem", "--tls-key", "/tmp/tls/localhost-key.pem");

    server = start(root, arguments);
    HttpClient client = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
    HttpRequest live = HttpRequest.newBuilder(
        URI.create("https://127.0.0.1:" + port + "/health/live")).timeout(Duration.ofSeconds(5))
        .build();
    await().atMost(START_WAIT).ignoreExceptions()
        .failFast("server exited, see " + serverLog, () -> !server.isAlive())
        .until(() -> client.send(live, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

    HttpResponse<String> response = client.send(live, HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).contains("\"status\":\"up\"");
    assertThat(Files.readString(serverLog)).contains("courtside listening address=https://");
  }

  /** Starts the image's java in a chroot as user 65532 when root, else by the image's loader. */
  private Process start(Path root, List<String> arguments) throws IOException {
    serverLog = dir.resolve("server.log");
    List<String> command = new ArrayList<>();
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("JAVA_HOME", "/opt/java");
    boolean runsAsRoot = "root".equals(System.getProperty("user.name"));
    if (runsAsRoot && Files.isExecutable(CHROOT)) {
      command.addAll(List.of(CHROOT.toString(), "--userspec=" + USER, root.toString(),
          "/opt/java/bin/java"));
      command.addAll(arguments);
      // A container has /proc, from which the loader resolves $ORIGIN in the launcher's
      // library path. A bare chroot has none, so the path is given here.
      builder.environment().put("LD_LIBRARY_PATH", "/opt/java/lib");
    } else {
      command.addAll(List.of(root.resolve("lib64/ld-linux-x86-64.so.2").toString(),
          "--library-path", root.resolve("lib/x86_64-linux-gnu") + ":"
              + root.resolve("opt/java/lib"),
          root.resolve("opt/java/bin/java").toString()));
      command.addAll(rootedArguments(root, arguments));
    }
    return builder.redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
  }

  /** Returns the arguments with the class path and files moved under the unpacked root. */
  private static List<String> rootedArguments(Path root, List<String> arguments)
      throws IOException {
    String classPath = Files.readString(root.resolve("app/jib-classpath-file")).trim();
    List<String> rooted = new ArrayList<>();
    for (String argument : arguments) {
      if (argument.equals("@/app/jib-classpath-file")) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(":")) {
          entries.add(root + entry);
        }
        rooted.add(String.join(":", entries));
      } else if (argument.startsWith("/tmp/")) {
        rooted.add(root + argument);
      } else if (argument.startsWith("jdbc:h2:file:/tmp/")) {
        rooted.add("jdbc:h2:file:" + root + argument.substring("jdbc:h2:file:".length()));
      } else {
        rooted.add(argument);
      }
    }
    return rooted;
  }

  private Path unpackTar() throws Exception {
    Path unpacked = Files.createDirectories(dir.resolve("tar"));
    run(List.of("tar", "-xf", tar.toString(), "-C", unpacked.toString()));
    return unpacked;
  }

  private static JsonNode config(Path unpacked) throws IOException {
    JsonNode manifest = Json.parse(Files.readString(unpacked.resolve("manifest.json")));
    String configFile = manifest.get(0).path("Config").asText();
    return Json.parse(Files.readString(unpacked.resolve(configFile))).path("config");
  }

  /** Extracts every layer in manifest order, keeping file modes, into one root folder. */
  private Path unpackLayers(Path unpacked) throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    JsonNode manifest = Json.parse(Files.readString(unpacked.resolve("manifest.json")));
    for (JsonNode layer : manifest.get(0).path("Layers")) {
      run(List.of("tar", "--warning=no-unknown-keyword", "-xzpf",
          unpacked.resolve(layer.asText()).toString(), "-C", root.toString()));
    }
    assertThat(Files.getPosixFilePermissions(root.resolve("tmp")))
        .contains(PosixFilePermission.OTHERS_WRITE);
    return root;
  }

  private void run(List<String> command) throws Exception {
    Path output = dir.resolve("command.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed: "
          + Files.readString(output));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
