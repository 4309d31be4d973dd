package dev.courtside.push;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The browser origins allowed to open push connections ({@code /ws}, {@code /events},
 * {@code /poll}). A request passes when it has no {@code Origin} header (clients that are not
 * browsers), when its origin has the host and port of its {@code Host} header (the server's
 * own pages), when its origin is listed, or when the list is {@code *}.
 *
 * <p>Browsers send {@code Origin} on every WebSocket handshake and cross-origin request, so
 * this stops another site's page from opening connections with its visitors' browsers. It
 * does not stop other programs, which can send any header.
 */
public final class OriginPolicy {

  private final boolean anyOrigin;
  private final Set<String> allowed;

  private OriginPolicy(boolean anyOrigin, Set<String> allowed) {
    this.anyOrigin = anyOrigin;
    this.allowed = allowed;
  }

  /** Returns the default policy: same-origin requests and requests without an origin. */
  public static OriginPolicy sameOrigin() {
    return new OriginPolicy(false, Set.of());
  }

  /**
   * Parses a comma-separated list of origins such as
   * {@code https://scores.example.com,http://localhost:3000}, or {@code *} for any origin. A
   * blank text gives {@link #sameOrigin()}.
   *
   * @throws IllegalArgumentException naming the entry and the expected form
   */
  public static OriginPolicy parse(String text) {
    if (text == null || text.isBlank()) {
      return sameOrigin();
    }
    if (text.trim().equals("*")) {
      return new OriginPolicy(true, Set.of());
    }
    Set<String> origins = new LinkedHashSet<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String origin = normalize(entry.trim());
      if (origin == null) {
        throw new IllegalArgumentException("Invalid allowed-origins entry '" + entry.trim()
            + "': expected an origin such as https://scores.example.com (scheme, host and"
            + " optional port, no path), or * alone for any origin");
      }
      origins.add(origin);
    }
    // In the order given, so error messages list them as the operator wrote them.
    return new OriginPolicy(false, Collections.unmodifiableSet(origins));
  }

  /**
   * Checks a request's {@code Origin} header against its {@code Host} header and the list.
   *
   * @param origin the {@code Origin} header, or null when absent
   * @param host the {@code Host} header, or null when absent
   * @return the error to send when the origin is not allowed
   */
  public Optional<ClientError> check(String origin, String host) {
    if (origin == null || anyOrigin) {
      return Optional.empty();
    }
    URI parsed = parseOrigin(origin.trim());
    if (parsed != null) {
      if (allowed.contains(format(parsed))) {
        return Optional.empty();
      }
      if (sameHostAndPort(parsed, host)) {
        return Optional.empty();
      }
    }
    String shownHost = host == null ? "(none)" : "'" + Position.abbreviate(host) + "'";
    String expected = "expected an origin with the host and port of the Host header "
        + shownHost;
    if (!allowed.isEmpty()) {
      expected += " or one of " + String.join(", ", allowed);
    }
    return Optional.of(new ClientError("origin-not-allowed", "Origin '"
        + Position.abbreviate(origin) + "' is not allowed: " + expected, false));
  }

  /** Returns the policy as text for the start-up log: {@code same-origin}, {@code *} or a list. */
  public String describe() {
    if (anyOrigin) {
      return "*";
    }
    List<String> parts = new ArrayList<>();
    parts.add("same-origin");
    parts.addAll(allowed);
    return String.join(",", parts);
  }

  /** Returns the origin as {@code scheme://host[:port]} without a default port, or null. */
  private static String normalize(String text) {
    URI uri = parseOrigin(text);
    return uri == null ? null : format(uri);
  }

  private static URI parseOrigin(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme();
    if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return null;
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      return null;
    }
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    if (!lowerScheme.equals("http") && !lowerScheme.equals("https")) {
      return null;
    }
    return uri;
  }

  private static String format(URI origin) {
    String scheme = origin.getScheme().toLowerCase(Locale.ROOT);
    String host = origin.getHost().toLowerCase(Locale.ROOT);
    int port = origin.getPort();
    boolean defaultPort = port == -1 || port == defaultPort(scheme);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  /**
   * Returns true when the origin names the host and port of the Host header. A Host header
   * without a port matches the default port of the origin's scheme, because a TLS-terminating
   * proxy forwards {@code Host: scores.example.com} for {@code https://scores.example.com}.
   */
  private static boolean sameHostAndPort(URI origin, String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    URI authority;
    try {
      authority = new URI("http://" + host.trim());
    } catch (URISyntaxException e) {
      return false;
    }
    if (authority.getHost() == null || authority.getRawPath() != null
        && !authority.getRawPath().isEmpty()) {
      return false;
    }
    String scheme = origin.getScheme().toLowerCase(Locale.ROOT);
    int originPort = origin.getPort() == -1 ? defaultPort(scheme) : origin.getPort();
    int hostPort = authority.getPort() == -1 ? defaultPort(scheme) : authority.getPort();
    return origin.getHost().equalsIgnoreCase(authority.getHost()) && originPort == hostPort;
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }
}
