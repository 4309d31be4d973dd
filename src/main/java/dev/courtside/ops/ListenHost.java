package dev.courtside.ops;

import io.netty.util.NetUtil;
import java.util.regex.Pattern;

/**
 * The syntax check of the {@code host} setting, the address the server listens on.
 *
 * <p>The check reads only the text and never resolves a name, so a typo is reported at start
 * without a DNS lookup.
 */
final class ListenHost {

  /** A host name label: 1 to 63 letters, digits and inner hyphens. */
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /** Maximum length of a host name in dotted text, without its trailing dot. */
  private static final int MAX_NAME_LENGTH = 253;

  private ListenHost() {}

  /**
   * Checks that {@code text} is an IPv4 or IPv6 literal (without brackets) or a host name, and
   * returns it.
   *
   * @throws IllegalArgumentException naming the value and the expected forms
   */
  static String parse(String text) {
    String value = text.trim();
    if (NetUtil.isValidIpV4Address(value) || isBareIpv6(value) || isHostName(value)) {
      return value;
    }
    throw new IllegalArgumentException("Invalid host '" + text + "': expected an IP address"
        + " such as 0.0.0.0 or 127.0.0.1, or a host name");
  }

  private static boolean isBareIpv6(String value) {
    return !value.startsWith("[") && NetUtil.isValidIpV6Address(value);
  }

  /**
   * Returns whether {@code value} is a syntactically valid host name. The last label must not
   * be all digits, so an invalid IPv4 literal such as 999.1.1.1 is not taken for a name.
   */
  static boolean isHostName(String value) {
    String name = value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !DIGITS.matcher(labels[labels.length - 1]).matches();
  }
}
