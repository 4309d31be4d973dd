package dev.courtside.ingest;

/**
 * Thrown inside an adapter when one record cannot be read. The adapter catches it, adds a
 * {@link Rejection} with this message as the reason and goes on with the next record.
 */
final class InvalidRecordException extends RuntimeException {

  InvalidRecordException(String reason) {
    super(reason);
  }
}
