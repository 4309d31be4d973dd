package dev.courtside.bench;

/** A server stack under test, with the dialect its load generator speaks over WebSocket. */
enum Stack {
  COURTSIDE("courtside", "Courtside", Dialect.COURTSIDE_WS),
  SOCKETIO("socketio", "Socket.IO 4", Dialect.SOCKETIO),
  BARE("bare", "bare Vert.x", Dialect.BARE_WS);

  final String id;
  final String label;
  final Dialect webSocketDialect;

  Stack(String id, String label, Dialect webSocketDialect) {
    this.id = id;
    this.label = label;
    this.webSocketDialect = webSocketDialect;
  }
}
