package dev.courtside.push;

import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check every push connection passes before it is accepted: its origin must be allowed
 * and the connection maximums, overall and per client address, must not be reached.
 */
public final class Admission {

  private static final Logger log = LoggerFactory.getLogger(Admission.class);

  private final OriginPolicy origins;
  private final ConnectionLimiter connections;
  private final ClientAddresses addresses;
  private final AtomicLong rejectedOrigins = new AtomicLong();

  public Admission(OriginPolicy origins, ConnectionLimiter connections,
      ClientAddresses addresses) {
    this.origins = origins;
    this.connections = connections;
    this.addresses = addresses;
  }

  /**
   * Checks a request that opens a push connection and counts the connection.
   *
   * @return the permit to release when the connection ends
   * @throws ClientErrorException with 403 for an origin that is not allowed, 503 when the
   *     server has its maximum of connections, 429 when the client address has its maximum
   */
  ConnectionLimiter.Permit admit(HttpServerRequest request, String transport) {
    String origin = request.getHeader("Origin");
    ClientError originError = origins.check(origin, request.getHeader("Host")).orElse(null);
    if (originError != null) {
      rejectedOrigins.incrementAndGet();
      log.debug("connection rejected transport={} status=403 code={}", transport,
          originError.code());
      throw new ClientErrorException(403, originError);
    }
    String address = addresses.of(request);
    try {
      return connections.acquire(address);
    } catch (ClientErrorException e) {
      log.debug("connection rejected transport={} address={} status={} code={}", transport,
          address, e.status(), e.error().code());
      throw e;
    }
  }

  /** Returns the connections rejected for their origin since start. */
  public long rejectedOrigins() {
    return rejectedOrigins.get();
  }

  public ConnectionLimiter connections() {
    return connections;
  }
}
