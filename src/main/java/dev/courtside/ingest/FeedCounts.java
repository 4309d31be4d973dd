package dev.courtside.ingest;

import java.time.Instant;

/**
 * Totals of one feed at one moment, since the server started.
 *
 * @param polls requests sent for a polled feed (304 responses and failures included), messages
 *     received for a Redis channel feed
 * @param failures failed polls (no answer, an error status, a body that could not be read) or
 *     lost Redis connections
 * @param lastSuccess time of the last successful poll, or of the last subscription or message
 *     of a Redis channel; null before the first
 * @param lastFailure time of the last failure, or null before the first
 * @param lastError why the last failure happened, with URL query strings removed, or null
 * @param failingUrls URLs of a polled feed whose last poll failed; for a Redis channel feed, 1
 *     while it is not subscribed
 */
public record FeedCounts(long polls, long failures, Instant lastSuccess, Instant lastFailure,
    String lastError, int failingUrls) {}
