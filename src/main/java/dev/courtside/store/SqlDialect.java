package dev.courtside.store;

/**
 * The statements that differ between H2 and PostgreSQL. The two have no upsert syntax in
 * common that older PostgreSQL servers accept, because SQL {@code MERGE} needs PostgreSQL 15.
 */
enum SqlDialect {
  H2(
      "MERGE INTO games (id, league, start_time, status, state_json, updated_at) KEY (id)"
          + " VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)",
      "MERGE INTO plays (game_id, action, order_no, period, deleted, play_json)"
          + " KEY (game_id, action) VALUES (?, ?, ?, ?, ?, ?)"),

  POSTGRESQL(
      "INSERT INTO games (id, league, start_time, status, state_json, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)"
          + " ON CONFLICT (id) DO UPDATE SET league = EXCLUDED.league,"
          + " start_time = EXCLUDED.start_time, status = EXCLUDED.status,"
          + " state_json = EXCLUDED.state_json, updated_at = EXCLUDED.updated_at",
      "INSERT INTO plays (game_id, action, order_no, period, deleted, play_json)"
          + " VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (game_id, action) DO UPDATE SET order_no = EXCLUDED.order_no,"
          + " period = EXCLUDED.period, deleted = EXCLUDED.deleted,"
          + " play_json = EXCLUDED.play_json");

  /** Inserts or replaces a game row, parameters: id, league, start, status, state JSON. */
  final String upsertGame;

  /**
   * Inserts or replaces a play row, parameters: game id, action, order, period, deleted,
   * play JSON.
   */
  final String upsertPlay;

  SqlDialect(String upsertGame, String upsertPlay) {
    this.upsertGame = upsertGame;
    this.upsertPlay = upsertPlay;
  }
}
