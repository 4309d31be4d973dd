package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  private static final OriginPolicy SAME_ORIGIN = OriginPolicy.sameOrigin();

  @Test
  void missingOriginPasses() {
    assertThat(SAME_ORIGIN.check(null, "127.0.0.1:8080")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "http://127.0.0.1:8080, 127.0.0.1:8080",
      "HTTP://LOCALHOST:8080, localhost:8080",
      "https://scores.example.com, scores.example.com",
      "https://scores.example.com, scores.example.com:443",
      "http://scores.example.com, scores.example.com",
      "http://[::1]:8080, [::1]:8080",
  })
  void sameOriginPasses(String origin, String host) {
    assertThat(SAME_ORIGIN.check(origin, host)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "https://evil.example, scores.example.com",
      "http://127.0.0.1:9090, 127.0.0.1:8080",
      "https://scores.example.com:8443, scores.example.com",
      "null, 127.0.0.1:8080",
      "file://, 127.0.0.1:8080",
      "http://127.0.0.1:8080/path, 127.0.0.1:8080",
      "not a url, 127.0.0.1:8080",
  })
  void otherOriginIsRejected(String origin, String host) {
    ClientError error = SAME_ORIGIN.check(origin, host).orElseThrow();

    assertThat(error.code()).isEqualTo("origin-not-allowed");
    assertThat(error.message()).isEqualTo("Origin '" + origin + "' is not allowed: expected an"
        + " origin with the host and port of the Host header '" + host + "'");
    assertThat(error.retry()).isFalse();
  }

  @Test
  void missingHostRejectsEveryOrigin() {
    ClientError error = SAME_ORIGIN.check("http://127.0.0.1:8080", null).orElseThrow();

    assertThat(error.message()).isEqualTo("Origin 'http://127.0.0.1:8080' is not allowed:"
        + " expected an origin with the host and port of the Host header (none)");
  }

  @Test
  void listedOriginPasses() {
    OriginPolicy policy = OriginPolicy.parse("https://scores.example.com, http://localhost:3000");

    assertThat(policy.check("https://scores.example.com", "api.example.com")).isEmpty();
    assertThat(policy.check("https://Scores.Example.com:443", "api.example.com")).isEmpty();
    assertThat(policy.check("http://localhost:3000", "api.example.com")).isEmpty();
    assertThat(policy.check("https://api.example.com", "api.example.com")).isEmpty();
  }

  @Test
  void unlistedOriginErrorNamesTheList() {
    OriginPolicy policy = OriginPolicy.parse("https://scores.example.com,http://localhost:3000");

    ClientError error = policy.check("http://localhost:3001", "api.example.com").orElseThrow();

    assertThat(error.message()).isEqualTo("Origin 'http://localhost:3001' is not allowed:"
        + " expected an origin with the host and port of the Host header 'api.example.com' or"
        + " one of https://scores.example.com, http://localhost:3000");
  }

  @Test
  void starAllowsAnyOrigin() {
    OriginPolicy policy = OriginPolicy.parse("*");

    assertThat(policy.check("https://evil.example", "scores.example.com")).isEmpty();
    assertThat(policy.check("null", "scores.example.com")).isEmpty();
    assertThat(policy.describe()).isEqualTo("*");
  }

  @Test
  void blankListIsSameOrigin() {
    assertThat(OriginPolicy.parse(" ").describe()).isEqualTo("same-origin");
    assertThat(OriginPolicy.parse("https://a.example:8443").describe())
        .isEqualTo("same-origin,https://a.example:8443");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "scores.example.com",
      "https://scores.example.com/live",
      "ftp://scores.example.com",
      "https://user@scores.example.com",
      "https://scores.example.com?x=1",
      "*.example.com",
  })
  void invalidEntryIsRejected(String entry) {
    assertThatThrownBy(() -> OriginPolicy.parse("https://ok.example," + entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid allowed-origins entry '" + entry + "': expected an origin such as"
            + " https://scores.example.com (scheme, host and optional port, no path), or * alone"
            + " for any origin");
  }

  @Test
  void longOriginIsAbbreviated() {
    String origin = "https://" + "a".repeat(200) + ".example";

    ClientError error = SAME_ORIGIN.check(origin, "scores.example.com").orElseThrow();

    assertThat(error.message()).startsWith("Origin '" + origin.substring(0, 40) + "...'");
  }
}
