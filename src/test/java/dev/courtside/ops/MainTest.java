package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courtside.push.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Merging of the client limit settings from defaults, file, environment and flags. */
class MainTest {

  @TempDir Path dir;

  private static Main main(Map<String, String> environment, String... args) {
    Main main = new Main(environment);
    new CommandLine(main).parseArgs(args);
    return main;
  }

  @Test
  void defaultsApplyWithoutSettings() throws Exception {
    Main main = main(Map.of());

    ClientLimits limits = main.settings().clientLimits();

    assertThat(limits.allowedOrigins().describe()).isEqualTo("same-origin");
    assertThat(limits.trustedProxies().describe()).isEqualTo("(none)");
    assertThat(limits.maxConnections()).isEqualTo(20_000);
    assertThat(limits.maxConnectionsPerAddress()).isEqualTo(200);
    assertThat(limits.requestRate()).isEqualTo(50);
    assertThat(limits.requestBurst()).isEqualTo(100);
    assertThat(limits.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(limits.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(limits.maxHeaderBytes()).isEqualTo(8192);
    assertThat(limits.maxRequestLineBytes()).isEqualTo(4096);
    assertThat(main.limits().subscribeRate()).isEqualTo(20);
    assertThat(main.limits().subscribeBurst()).isEqualTo(40);
    assertThat(main.ingestSettings().maxPushBytes()).isEqualTo(1 << 20);
    assertThat(main.logFormat()).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void flagBeatsEnvironmentBeatsFile() throws Exception {
    Path config = dir.resolve("courtside.properties");
    Files.writeString(config, "max-connections=100\nsubscribe-rate=5\nlog-format=json\n");
    Map<String, String> environment = Map.of("COURTSIDE_MAX_CONNECTIONS", "200",
        "COURTSIDE_SUBSCRIBE_RATE", "6");

    Main fileOnly = main(Map.of(), "--config", config.toString());
    Main withEnvironment = main(environment, "--config", config.toString());
    Main withFlag = main(environment, "--config", config.toString(), "--max-connections", "300",
        "--subscribe-rate", "7");

    assertThat(fileOnly.settings().clientLimits().maxConnections()).isEqualTo(100);
    assertThat(withEnvironment.settings().clientLimits().maxConnections()).isEqualTo(200);
    assertThat(withFlag.settings().clientLimits().maxConnections()).isEqualTo(300);
    assertThat(fileOnly.limits().subscribeRate()).isEqualTo(5);
    assertThat(withEnvironment.limits().subscribeRate()).isEqualTo(6);
    assertThat(withFlag.limits().subscribeRate()).isEqualTo(7);
    assertThat(fileOnly.logFormat()).isEqualTo(LogFormat.JSON);
  }

  @Test
  void everyNewFlagIsRead() throws Exception {
    Main main = main(Map.of(), "--allowed-origins", "https://scores.example.com",
        "--trusted-proxies", "127.0.0.1,10.0.0.0/8", "--max-connections", "50",
        "--max-connections-per-address", "0", "--request-rate", "0", "--request-burst", "7",
        "--header-timeout-ms", "2000", "--keep-alive-timeout-ms", "30000",
        "--max-header-bytes", "16384", "--max-request-line-bytes", "2048",
        "--subscribe-rate", "0", "--subscribe-burst", "3", "--max-ingest-bytes", "4096",
        "--log-format", "JSON");

    ClientLimits limits = main.settings().clientLimits();
    Limits pushLimits = main.limits();

    assertThat(limits.allowedOrigins().describe())
        .isEqualTo("same-origin,https://scores.example.com");
    assertThat(limits.trustedProxies().describe()).isEqualTo("127.0.0.1,10.0.0.0/8");
    assertThat(limits.maxConnections()).isEqualTo(50);
    assertThat(limits.maxConnectionsPerAddress()).isZero();
    assertThat(limits.requestRate()).isZero();
    assertThat(limits.requestBurst()).isEqualTo(7);
    assertThat(limits.headerTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(limits.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(limits.maxHeaderBytes()).isEqualTo(16384);
    assertThat(limits.maxRequestLineBytes()).isEqualTo(2048);
    assertThat(pushLimits.subscribeRate()).isZero();
    assertThat(pushLimits.subscribeBurst()).isEqualTo(3);
    assertThat(main.ingestSettings().maxPushBytes()).isEqualTo(4096);
    assertThat(main.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(main.settings().describe()).containsEntry("max-connections", "50")
        .containsEntry("allowed-origins", "same-origin,https://scores.example.com");
  }

  @Test
  void startLineListsEverySetting() throws Exception {
    Main main = main(Map.of(), "--subscribe-rate", "7", "--subscribe-burst", "9",
        "--max-ingest-bytes", "4096", "--log-format", "json",
        "--redis", "redis://user:hunter2@127.0.0.1:6379/3");

    Map<String, String> described = Main.describeStart(main.settings(), main.limits(),
        main.logFormat(), main.ingestSettings());

    assertThat(described).containsEntry("subscribe-rate", "7.0");
    assertThat(described).containsEntry("subscribe-burst", "9");
    assertThat(described).containsEntry("max-ingest-bytes", "4096");
    assertThat(described).containsEntry("log-format", "json");
    assertThat(described).containsEntry("redis", "redis://user:***@127.0.0.1:6379/3");
    assertThat(described.toString()).doesNotContain("hunter2");
    assertThat(described.keySet()).containsAll(Main.KEYS.stream()
        .filter(key -> !Set.of("feed", "redis-feed", "ingest-token", "stale-after-ms")
            .contains(key))
        .toList());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--max-connections|0|Invalid max-connections '0': expected a whole number from 1 to"
          + " 1000000",
      "--max-connections-per-address|-1|Invalid max-connections-per-address '-1': expected a"
          + " whole number from 0 to 1000000",
      "--request-rate|fast|Invalid request-rate 'fast': expected a whole number from 0 to"
          + " 1000000",
      "--request-burst|0|Invalid request-burst '0': expected a whole number from 1 to 1000000",
      "--header-timeout-ms|500|Invalid header-timeout-ms '500': expected a whole number from"
          + " 1000 to 600000",
      "--keep-alive-timeout-ms|0|Invalid keep-alive-timeout-ms '0': expected a whole number"
          + " from 1000 to 3600000",
      "--max-header-bytes|100|Invalid max-header-bytes '100': expected a whole number from"
          + " 1024 to 1048576",
      "--max-request-line-bytes|10|Invalid max-request-line-bytes '10': expected a whole"
          + " number from 256 to 1048576",
      "--allowed-origins|scores.example.com|Invalid allowed-origins entry 'scores.example.com':"
          + " expected an origin such as https://scores.example.com (scheme, host and optional"
          + " port, no path), or * alone for any origin",
      "--trusted-proxies|proxy.local|Invalid trusted-proxies entry 'proxy.local': expected an"
          + " IP address such as 10.0.0.5 or a CIDR block such as 10.0.0.0/8",
      "--host|999.1.1.1|Invalid host '999.1.1.1': expected an IP address such as 0.0.0.0 or"
          + " 127.0.0.1, or a host name",
      "--host|1.2.3|Invalid host '1.2.3': expected an IP address such as 0.0.0.0 or 127.0.0.1,"
          + " or a host name",
      "--host|http://127.0.0.1|Invalid host 'http://127.0.0.1': expected an IP address such as"
          + " 0.0.0.0 or 127.0.0.1, or a host name",
      "--host|[::1]|Invalid host '[::1]': expected an IP address such as 0.0.0.0 or 127.0.0.1,"
          + " or a host name",
      "--host|bad_name.example|Invalid host 'bad_name.example': expected an IP address such as"
          + " 0.0.0.0 or 127.0.0.1, or a host name",
      "--host|lead-.example|Invalid host 'lead-.example': expected an IP address such as"
          + " 0.0.0.0 or 127.0.0.1, or a host name",
      "--redis|http://127.0.0.1:6379|Invalid redis 'http://127.0.0.1:6379': expected a"
          + " redis:// or rediss:// URI such as redis://127.0.0.1:6379",
  })
  void invalidSettingNamesKeyAndRange(String flag, String value, String message) {
    Main main = main(Map.of(), flag, value);

    assertThatThrownBy(main::settings).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({"0.0.0.0", "127.0.0.1", "::", "::1", "fe80::1", "localhost", "localhost.",
      "scores-1.example.com", "xn--bcher-kva.example"})
  void validHostIsAccepted(String value) throws Exception {
    // A name in the reserved .example domain does not resolve, so accepting it shows that the
    // check needs no DNS lookup.
    Main main = main(Map.of(), "--host", value);

    assertThat(main.settings().host()).isEqualTo(value);
  }

  @Test
  void hostNameLengthLimits() {
    String longestLabel = "a".repeat(63);

    assertThat(ListenHost.isHostName(longestLabel + ".example")).isTrue();
    assertThat(ListenHost.isHostName(longestLabel + "a.example")).isFalse();
    assertThat(ListenHost.isHostName((longestLabel + ".").repeat(3) + "a".repeat(61)))
        .isTrue();
    assertThat(ListenHost.isHostName((longestLabel + ".").repeat(3) + "a".repeat(62)))
        .isFalse();
    assertThat(ListenHost.isHostName("scores..example")).isFalse();
    assertThat(ListenHost.isHostName("")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--subscribe-rate|-5|Invalid subscribe-rate '-5': expected a whole number from 0 to"
          + " 100000",
      "--subscribe-burst|0|Invalid subscribe-burst '0': expected a whole number from 1 to"
          + " 100000",
  })
  void invalidSubscribeLimitIsRejected(String flag, String value, String message) {
    Main main = main(Map.of(), flag, value);

    assertThatThrownBy(main::limits).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void invalidLogFormatIsRejected() {
    Main main = main(Map.of("COURTSIDE_LOG_FORMAT", "xml"));

    assertThatThrownBy(main::logFormat).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid log-format 'xml': expected text or json");
  }

  @Test
  void invalidIngestBodyLimitIsRejected() {
    Main main = main(Map.of(), "--max-ingest-bytes", "10");

    assertThatThrownBy(main::ingestSettings).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid max-ingest-bytes '10': expected a whole number from 1024 to"
            + " 268435456");
  }

  @Test
  void unknownVariablesAreListed() {
    Map<String, String> environment = Map.of("COURTSIDE_MAX_CONECTIONS", "5",
        "COURTSIDE_PORT", "8081", "COURTSIDE_CONFIG", "/etc/courtside.properties",
        "COURTSIDE_REQUIRE_BROWSER", "true", "COURTSIDE_SUBSCRIBE_BURST", "3",
        "COURTSIDE_", "x", "PATH", "/usr/bin", "courtside_port", "8082");

    assertThat(Main.unknownVariables(environment))
        .containsExactly("COURTSIDE_", "COURTSIDE_MAX_CONECTIONS", "COURTSIDE_REQUIRE_BROWSER");
  }

  @Test
  void everyKeyHasKnownVariable() {
    assertThat(Main.knownVariables()).hasSize(Main.KEYS.size() + 1);
    assertThat(Main.knownVariables()).contains("COURTSIDE_CONFIG", "COURTSIDE_COALESCE_MS",
        "COURTSIDE_MAX_CONNECTIONS_PER_ADDRESS", "COURTSIDE_TLS_KEY");
    assertThat(Main.unknownVariables(Map.of())).isEmpty();
  }

  @Test
  void unknownFileKeyListsNewKeys() throws Exception {
    Path config = dir.resolve("courtside.properties");
    Files.writeString(config, "max-conections=5\n");
    Main main = main(Map.of(), "--config", config.toString());

    assertThatThrownBy(main::settings).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown key 'max-conections' in " + config + ": expected one of")
        .hasMessageContaining("max-connections, max-connections-per-address")
        .hasMessageContaining("log-format");
  }
}
