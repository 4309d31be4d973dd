package dev.courtside.bench;

import java.util.Locale;

/** The protocol a load generator speaks, one per server and transport under test. */
public enum Dialect {
  /** Courtside's WebSocket at {@code /ws}: subscribe message, envelopes with epoch and seq. */
  COURTSIDE_WS,
  /** Courtside's Server-Sent Events at {@code /events?channel=}. */
  COURTSIDE_SSE,
  /** Courtside's long polling at {@code /poll?channel=&after=}. */
  COURTSIDE_POLL,
  /** Socket.IO 4 (Engine.IO v4, Socket.IO protocol v5) over WebSocket, one room per channel. */
  SOCKETIO,
  /** The bare broadcast server: a WebSocket at {@code /ws/CHANNEL}, payloads only. */
  BARE_WS;

  /** Returns the dialect for a name such as {@code courtside-ws}. */
  static Dialect parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown dialect '" + name
          + "': expected courtside-ws, courtside-sse, courtside-poll, socketio or bare-ws", e);
    }
  }

  /** Returns the name used on command lines, such as {@code courtside-ws}. */
  String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
