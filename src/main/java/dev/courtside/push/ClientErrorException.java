package dev.courtside.push;

/** A client request that is rejected with an HTTP status and a {@link ClientError} body. */
public final class ClientErrorException extends RuntimeException {

  private final int status;
  private final ClientError error;

  public ClientErrorException(int status, ClientError error) {
    super(error.message(), null, false, false);
    this.status = status;
    this.error = error;
  }

  public int status() {
    return status;
  }

  public ClientError error() {
    return error;
  }
}
