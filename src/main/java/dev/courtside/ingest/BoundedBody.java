package dev.courtside.ingest;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A write stream that collects a response body up to a size limit. A write past the limit
 * fails, which makes the HTTP client abort the response.
 */
final class BoundedBody implements WriteStream<Buffer> {

  private final long maxBytes;
  private final Buffer collected = Buffer.buffer();
  private boolean exceeded;

  BoundedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  boolean exceeded() {
    return exceeded;
  }

  byte[] bytes() {
    return collected.getBytes();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (exceeded || collected.length() + (long) data.length() > maxBytes) {
      exceeded = true;
      return Future.failedFuture(new BodyLimitException(maxBytes));
    }
    collected.appendBuffer(data);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    return exceeded ? Future.failedFuture(new BodyLimitException(maxBytes))
        : Future.succeededFuture();
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    return this;
  }

  /** Raised when a body passes the limit. */
  static final class BodyLimitException extends RuntimeException {

    BodyLimitException(long maxBytes) {
      super("response body larger than " + maxBytes + " bytes", null, false, false);
    }
  }
}
