package dev.courtside.push;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the client address of a request, the key of the per-address limits.
 *
 * <p>The address is the TCP peer's, unless the peer is a trusted proxy: then it is the
 * rightmost {@code X-Forwarded-For} entry that is not itself a trusted proxy. Entries left of
 * it are ignored, because any client can write them. IPv6 addresses are reduced to their /64
 * prefix, the block one host or home network usually gets, so one client cannot slip past the
 * limits by cycling through the addresses of its own block.
 */
public final class ClientAddresses {

  private static final int IPV6_PREFIX_BITS = 64;

  private final List<Block> trustedProxies;

  private ClientAddresses(List<Block> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /** Returns a resolver that trusts no proxy. */
  public static ClientAddresses direct() {
    return new ClientAddresses(List.of());
  }

  /**
   * Parses a comma-separated list of trusted proxies, each an IP address or a CIDR block such
   * as {@code 10.0.0.0/8}. A blank text trusts no proxy.
   *
   * @throws IllegalArgumentException naming the entry and the expected form
   */
  public static ClientAddresses parse(String text) {
    List<Block> blocks = new ArrayList<>();
    if (text != null) {
      for (String entry : text.split(",")) {
        if (!entry.isBlank()) {
          blocks.add(Block.parse(entry.trim()));
        }
      }
    }
    return new ClientAddresses(List.copyOf(blocks));
  }

  /** Returns the client address of a request, an IPv6 one as its /64 prefix. */
  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    String address = peer == null || peer.hostAddress() == null ? "unknown"
        : peer.hostAddress();
    if (!trustedProxies.isEmpty() && isTrusted(address)) {
      address = forwardedClient(request.headers().getAll("X-Forwarded-For"), address);
    }
    return key(address);
  }

  /** Returns the trusted proxies as text for the start-up log. */
  public String describe() {
    return trustedProxies.isEmpty() ? "(none)"
        : String.join(",", trustedProxies.stream().map(Block::text).toList());
  }

  /** Returns the rightmost forwarded address that is not a trusted proxy. */
  private String forwardedClient(List<String> headers, String peer) {
    List<String> hops = new ArrayList<>();
    for (String header : headers) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
        // A malformed entry ends the chain: what lies left of it cannot be trusted.
        return client;
      }
      client = hop;
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = ipBytes(address);
    if (bytes == null) {
      return false;
    }
    for (Block block : trustedProxies) {
      if (block.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the limit key of an address: IPv4 as it is, IPv6 as its /64 prefix. */
  static String key(String address) {
    byte[] bytes = ipBytes(address);
    if (bytes == null) {
      return address;
    }
    if (bytes.length == 4) {
      return NetUtil.bytesToIpAddress(bytes);
    }
    byte[] prefix = new byte[16];
    System.arraycopy(bytes, 0, prefix, 0, IPV6_PREFIX_BITS / 8);
    return NetUtil.bytesToIpAddress(prefix) + "/" + IPV6_PREFIX_BITS;
  }

  /** Returns the bytes of an IP literal, an IPv4-mapped IPv6 one as IPv4; null if invalid. */
  private static byte[] ipBytes(String address) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes != null && bytes.length == 16 && isMappedIpv4(bytes)) {
      return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }
    return bytes;
  }

  private static boolean isMappedIpv4(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  /** An address block: the first {@code prefixBits} bits of {@code network}. */
  private record Block(String text, byte[] network, int prefixBits) {

    static Block parse(String text) {
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      byte[] bytes = ipBytes(address);
      if (bytes == null) {
        throw invalid(text);
      }
      int bits = bytes.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw invalid(text);
        }
        if (bits < 0 || bits > bytes.length * 8) {
          throw invalid(text);
        }
      }
      return new Block(text, bytes, bits);
    }

    private static IllegalArgumentException invalid(String text) {
      return new IllegalArgumentException("Invalid trusted-proxies entry '" + text
          + "': expected an IP address such as 10.0.0.5 or a CIDR block such as 10.0.0.0/8");
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int fullBytes = prefixBits / 8;
      for (int i = 0; i < fullBytes; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
  }
}
