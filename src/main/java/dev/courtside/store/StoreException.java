package dev.courtside.store;

/** Failure of the store to open, or to read from its database or its stored rows. */
public class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
