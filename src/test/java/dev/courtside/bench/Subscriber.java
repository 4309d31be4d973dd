package dev.courtside.bench;

/**
 * One simulated client: the channel it follows and its position there, which survive a
 * reconnect so a resumed connection can ask for exactly what it missed.
 *
 * <p>Only the connection's event loop thread touches a subscriber while it is connected.
 */
final class Subscriber {

  final int index;
  final String channel;
  /** Epoch of the last message received, or null; used by Courtside only. */
  String epoch;
  /** Seq of the last message received, or -1 before the first. */
  long lastSeq = -1;
  /** Socket.IO session id for connection state recovery, or null. */
  String recoveryPid;
  /** Socket.IO offset of the last event received, or null. */
  String recoveryOffset;
  /** Wall-clock microseconds at which a resume started, or -1 when not resuming. */
  long resumeStartMicros = -1;

  Subscriber(int index, String channel) {
    this.index = index;
    this.channel = channel;
  }

  /**
   * Counts a received data message against the position: a seq that skips ahead counts the
   * skipped ones as gaps, a seq at or below the last one counts as a duplicate. A snapshot
   * moves the position without counting; a resync snapshot counts as a resync.
   */
  void accept(LoadStats stats, long seq, boolean snapshot, boolean resync, long sentMicros,
      int size) {
    if (snapshot) {
      if (resync) {
        stats.resyncs.increment();
      }
    } else if (seq >= 0 && lastSeq >= 0) {
      if (seq > lastSeq + 1) {
        stats.gaps.add(seq - lastSeq - 1);
      } else if (seq <= lastSeq) {
        stats.duplicates.increment();
      }
    }
    if (seq >= 0) {
      lastSeq = seq;
    }
    stats.recordMessage(snapshot ? -1 : sentMicros, size);
    if (resumeStartMicros >= 0 && sentMicros >= resumeStartMicros) {
      stats.recordCatchUp(stats.nowMicros() - resumeStartMicros);
      resumeStartMicros = -1;
    }
  }
}
