package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressesTest {

  @ParameterizedTest
  @CsvSource({
      "203.0.113.9, 203.0.113.9",
      "::ffff:203.0.113.9, 203.0.113.9",
      "2001:db8:1:2:3:4:5:6, 2001:db8:1:2::/64",
      "2001:db8:1:2:ffff::1, 2001:db8:1:2::/64",
      "0:0:0:0:0:0:0:1, ::/64",
  })
  void keyReducesIpv6ToPrefix(String address, String key) {
    assertThat(ClientAddresses.key(address)).isEqualTo(key);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.256",
      "10.0.0.0/33",
      "::1/129",
      "proxy.example.com",
      "10.0.0.0/x",
  })
  void invalidProxyIsRejected(String entry) {
    assertThatThrownBy(() -> ClientAddresses.parse("127.0.0.1," + entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid trusted-proxies entry '" + entry + "': expected an IP address such"
            + " as 10.0.0.5 or a CIDR block such as 10.0.0.0/8");
  }

  @Test
  void describeListsProxies() {
    assertThat(ClientAddresses.direct().describe()).isEqualTo("(none)");
    assertThat(ClientAddresses.parse("127.0.0.1, 10.0.0.0/8").describe())
        .isEqualTo("127.0.0.1,10.0.0.0/8");
  }
}
