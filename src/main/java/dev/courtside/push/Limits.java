package dev.courtside.push;

import java.time.Duration;

/**
 * Per-connection limits of the push transports.
 *
 * @param maxQueued messages that may wait for one client before its backlog is replaced by a
 *     snapshot
 * @param maxChannels channels one connection may subscribe to
 * @param maxMessageBytes largest client message accepted on a WebSocket
 * @param maxErrors client errors tolerated on one WebSocket before it is closed
 * @param heartbeat quiet time after which the server sends a heartbeat
 * @param deadAfter silence from a WebSocket client after which it is dropped
 * @param stuckAfter time a connection may refuse writes before it is closed as too slow
 * @param pollHold longest a long poll is held open when nothing is new
 * @param subscribeRate subscribe messages per second one WebSocket may send over time; 0 for
 *     no limit
 * @param subscribeBurst subscribe messages one WebSocket may send at once before the rate
 *     applies
 */
public record Limits(int maxQueued, int maxChannels, int maxMessageBytes, int maxErrors,
    Duration heartbeat, Duration deadAfter, Duration stuckAfter, Duration pollHold,
    double subscribeRate, int subscribeBurst) {

  /** Default subscribe messages per second of one WebSocket. */
  public static final int DEFAULT_SUBSCRIBE_RATE = 20;

  /** Default subscribe burst of one WebSocket. */
  public static final int DEFAULT_SUBSCRIBE_BURST = 40;

  /** Defaults suited to a public deployment. */
  public static final Limits DEFAULTS = new Limits(256, 50, 16 * 1024, 10,
      Duration.ofSeconds(15), Duration.ofSeconds(45), Duration.ofSeconds(30),
      Duration.ofSeconds(25));

  /** Creates limits with the default subscribe rate. */
  public Limits(int maxQueued, int maxChannels, int maxMessageBytes, int maxErrors,
      Duration heartbeat, Duration deadAfter, Duration stuckAfter, Duration pollHold) {
    this(maxQueued, maxChannels, maxMessageBytes, maxErrors, heartbeat, deadAfter, stuckAfter,
        pollHold, DEFAULT_SUBSCRIBE_RATE, DEFAULT_SUBSCRIBE_BURST);
  }

  /** Returns these limits with another heartbeat and dead-peer time. */
  public Limits withHeartbeat(Duration newHeartbeat, Duration newDeadAfter) {
    return new Limits(maxQueued, maxChannels, maxMessageBytes, maxErrors, newHeartbeat,
        newDeadAfter, stuckAfter, pollHold, subscribeRate, subscribeBurst);
  }

  /** Returns these limits with another queue bound and stuck time. */
  public Limits withQueue(int newMaxQueued, Duration newStuckAfter) {
    return new Limits(newMaxQueued, maxChannels, maxMessageBytes, maxErrors, heartbeat,
        deadAfter, newStuckAfter, pollHold, subscribeRate, subscribeBurst);
  }

  /** Returns these limits with another long-poll hold time. */
  public Limits withPollHold(Duration newPollHold) {
    return new Limits(maxQueued, maxChannels, maxMessageBytes, maxErrors, heartbeat, deadAfter,
        stuckAfter, newPollHold, subscribeRate, subscribeBurst);
  }

  /** Returns these limits with another subscribe rate per second and burst; rate 0 is off. */
  public Limits withSubscribeRate(double newRate, int newBurst) {
    return new Limits(maxQueued, maxChannels, maxMessageBytes, maxErrors, heartbeat, deadAfter,
        stuckAfter, pollHold, newRate, newBurst);
  }
}
