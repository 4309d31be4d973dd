package dev.courtside.ops;

import dev.courtside.push.ClientAddresses;
import dev.courtside.push.OriginPolicy;
import java.time.Duration;

/**
 * Limits that protect one server from abusive or broken clients. The per-connection limits of
 * the push transports are in {@link dev.courtside.push.Limits}.
 *
 * @param allowedOrigins browser origins that may open push connections
 * @param trustedProxies proxies whose {@code X-Forwarded-For} names the client address
 * @param maxConnections maximum open push connections (WebSocket, event stream, held long
 *     poll) overall
 * @param maxConnectionsPerAddress maximum open push connections per client address; 0 for no
 *     maximum
 * @param requestRate requests per second one client address may send over time to
 *     {@code /api/}, {@code /events}, {@code /poll}, {@code /ws} and {@code /ingest/}; 0 for
 *     no limit
 * @param requestBurst requests one client address may send at once before the rate applies
 * @param headerTimeout time a new connection has to send complete request headers
 * @param keepAliveTimeout time a connection may stay open with no request in progress
 * @param maxHeaderBytes maximum size of all request headers together
 * @param maxRequestLineBytes maximum length of the request line (method, URI and version)
 */
public record ClientLimits(OriginPolicy allowedOrigins, ClientAddresses trustedProxies,
    int maxConnections, int maxConnectionsPerAddress, double requestRate, int requestBurst,
    Duration headerTimeout, Duration keepAliveTimeout, int maxHeaderBytes,
    int maxRequestLineBytes) {

  /** Default maximum of open push connections. */
  public static final int DEFAULT_MAX_CONNECTIONS = 20_000;

  /** Default maximum of open push connections per client address. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 200;

  /** Default requests per second of one client address. */
  public static final int DEFAULT_REQUEST_RATE = 50;

  /** Default request burst of one client address. */
  public static final int DEFAULT_REQUEST_BURST = 100;

  /** Default time to send complete request headers, in milliseconds. */
  public static final long DEFAULT_HEADER_TIMEOUT_MS = 10_000;

  /**
   * Default time an idle keep-alive connection stays open, in milliseconds. It exceeds the
   * long-poll hold of 25 s, so a client that polls again at once never finds its connection
   * closed.
   */
  public static final long DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 60_000;

  /** Default maximum size of the request headers: 8 KiB, the Vert.x 5 default. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;

  /** Default maximum request line length: 4 KiB, the Vert.x 5 default. */
  public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 4 * 1024;

  /** Defaults suited to a server that browsers reach directly. */
  public static final ClientLimits DEFAULTS = new ClientLimits(OriginPolicy.sameOrigin(),
      ClientAddresses.direct(), DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
      DEFAULT_REQUEST_RATE, DEFAULT_REQUEST_BURST, Duration.ofMillis(DEFAULT_HEADER_TIMEOUT_MS),
      Duration.ofMillis(DEFAULT_KEEP_ALIVE_TIMEOUT_MS), DEFAULT_MAX_HEADER_BYTES,
      DEFAULT_MAX_REQUEST_LINE_BYTES);

  /** Returns these limits with other allowed origins. */
  public ClientLimits withAllowedOrigins(OriginPolicy newOrigins) {
    return new ClientLimits(newOrigins, trustedProxies, maxConnections,
        maxConnectionsPerAddress, requestRate, requestBurst, headerTimeout, keepAliveTimeout,
        maxHeaderBytes, maxRequestLineBytes);
  }

  /** Returns these limits with other trusted proxies. */
  public ClientLimits withTrustedProxies(ClientAddresses newProxies) {
    return new ClientLimits(allowedOrigins, newProxies, maxConnections,
        maxConnectionsPerAddress, requestRate, requestBurst, headerTimeout, keepAliveTimeout,
        maxHeaderBytes, maxRequestLineBytes);
  }

  /** Returns these limits with other connection maximums; 0 per address is no maximum. */
  public ClientLimits withMaxConnections(int newMax, int newMaxPerAddress) {
    return new ClientLimits(allowedOrigins, trustedProxies, newMax, newMaxPerAddress,
        requestRate, requestBurst, headerTimeout, keepAliveTimeout, maxHeaderBytes,
        maxRequestLineBytes);
  }

  /** Returns these limits with another request rate per second and burst; rate 0 is off. */
  public ClientLimits withRequestRate(double newRate, int newBurst) {
    return new ClientLimits(allowedOrigins, trustedProxies, maxConnections,
        maxConnectionsPerAddress, newRate, newBurst, headerTimeout, keepAliveTimeout,
        maxHeaderBytes, maxRequestLineBytes);
  }

  /** Returns these limits with other header and keep-alive timeouts. */
  public ClientLimits withTimeouts(Duration newHeaderTimeout, Duration newKeepAliveTimeout) {
    return new ClientLimits(allowedOrigins, trustedProxies, maxConnections,
        maxConnectionsPerAddress, requestRate, requestBurst, newHeaderTimeout,
        newKeepAliveTimeout, maxHeaderBytes, maxRequestLineBytes);
  }

  /** Returns these limits with other maximum header size and request line length. */
  public ClientLimits withMaxHeaderBytes(int newMaxHeaderBytes, int newMaxRequestLineBytes) {
    return new ClientLimits(allowedOrigins, trustedProxies, maxConnections,
        maxConnectionsPerAddress, requestRate, requestBurst, headerTimeout, keepAliveTimeout,
        newMaxHeaderBytes, newMaxRequestLineBytes);
  }
}
