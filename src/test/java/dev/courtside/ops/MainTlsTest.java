package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Merging of the TLS settings from flags, environment and configuration file. */
class MainTlsTest {

  @TempDir Path dir;

  private Settings settings(Map<String, String> environment, String... args) throws Exception {
    Main main = new Main(environment);
    new CommandLine(main).parseArgs(args);
    return main.settings();
  }

  private Path file(String name) throws Exception {
    return Files.writeString(dir.resolve(name), "placeholder\n");
  }

  @Test
  void tlsIsOffByDefault() throws Exception {
    assertThat(settings(Map.of()).tls()).isNull();
  }

  @Test
  void tlsFlagsSetBothFiles() throws Exception {
    Path cert = file("cert.pem");
    Path key = file("key.pem");

    Settings settings = settings(Map.of(), "--tls-cert", cert.toString(),
        "--tls-key", key.toString());

    assertThat(settings.tls()).isEqualTo(new TlsFiles(cert, key));
  }

  @Test
  void tlsFlagWinsOverEnvironmentAndFile() throws Exception {
    Path fromFlag = file("flag.pem");
    Path fromEnvironment = file("environment.pem");
    Path fromFile = file("file.pem");
    Path key = file("key.pem");
    Path config = Files.writeString(dir.resolve("courtside.properties"),
        "tls-cert=" + fromFile + "\ntls-key=" + key + "\n");

    Settings flagWins = settings(Map.of("COURTSIDE_TLS_CERT", fromEnvironment.toString()),
        "--config", config.toString(), "--tls-cert", fromFlag.toString());
    Settings environmentWins = settings(
        Map.of("COURTSIDE_TLS_CERT", fromEnvironment.toString()),
        "--config", config.toString());

    assertThat(flagWins.tls().cert()).isEqualTo(fromFlag);
    assertThat(environmentWins.tls().cert()).isEqualTo(fromEnvironment);
    assertThat(environmentWins.tls().key()).isEqualTo(key);
  }

  @Test
  void tlsCertWithoutKeyIsRejected() throws Exception {
    Path cert = file("cert.pem");

    assertThatThrownBy(() -> settings(Map.of("COURTSIDE_TLS_CERT", cert.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Missing tls-key: tls-cert is set, and TLS needs both a PEM certificate"
            + " (--tls-cert) and its key (--tls-key)");
  }

  @Test
  void missingTlsKeyFileIsRejected() throws Exception {
    Path cert = file("cert.pem");
    Path key = dir.resolve("absent.pem");

    assertThatThrownBy(() -> settings(Map.of(), "--tls-cert", cert.toString(),
        "--tls-key", key.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid tls-key '" + key + "': no such readable file");
  }
}
