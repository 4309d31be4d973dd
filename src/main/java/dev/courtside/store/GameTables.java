package dev.courtside.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.courtside.model.Game;
import dev.courtside.model.GameJson;
import dev.courtside.model.Json;
import dev.courtside.model.Play;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL that reads and writes the {@code games} and {@code plays} tables. */
final class GameTables {

  /**
   * Rows sent to the driver per {@link PreparedStatement#executeBatch()}, so that a large
   * batch does not hold every statement in the driver's memory at once.
   */
  private static final int ROWS_PER_EXECUTE = 500;

  private final SqlDialect dialect;

  GameTables(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * Writes a batch in one transaction, with play deletions first, then games, then plays.
   * Rolls back and rethrows on failure, so either the whole batch is durable or none of it.
   */
  void write(Connection connection, PendingWrites batch) throws SQLException {
    connection.setAutoCommit(false);
    try {
      deletePlays(connection, batch);
      upsertGames(connection, batch);
      upsertPlays(connection, batch);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(connection, e);
      throw e;
    }
  }

  private void deletePlays(Connection connection, PendingWrites batch) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("DELETE FROM plays WHERE game_id = ?")) {
      int rows = 0;
      for (String gameId : batch.playDeletions()) {
        statement.setString(1, gameId);
        statement.addBatch();
        rows = executeWhenFull(statement, rows + 1);
      }
      statement.executeBatch();
    }
  }

  private void upsertGames(Connection connection, PendingWrites batch) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(dialect.upsertGame)) {
      int rows = 0;
      for (Game game : batch.games()) {
        statement.setString(1, game.id());
        statement.setString(2, game.league());
        if (game.start() == null) {
          statement.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          statement.setObject(3, game.start().atOffset(ZoneOffset.UTC));
        }
        statement.setString(4, game.status().wireName());
        statement.setString(5, Json.write(GameJson.write(game)));
        statement.addBatch();
        rows = executeWhenFull(statement, rows + 1);
      }
      statement.executeBatch();
    }
  }

  private void upsertPlays(Connection connection, PendingWrites batch) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(dialect.upsertPlay)) {
      int rows = 0;
      for (Play play : batch.plays()) {
        statement.setString(1, play.gameId());
        statement.setLong(2, play.action());
        statement.setLong(3, play.order());
        statement.setInt(4, play.period());
        statement.setBoolean(5, play.deleted());
        statement.setString(6, Json.write(GameJson.write(play)));
        statement.addBatch();
        rows = executeWhenFull(statement, rows + 1);
      }
      statement.executeBatch();
    }
  }

  /** Sends the added rows to the driver once there are enough, and returns the rows left. */
  private static int executeWhenFull(PreparedStatement statement, int rows)
      throws SQLException {
    if (rows < ROWS_PER_EXECUTE) {
      return rows;
    }
    statement.executeBatch();
    return 0;
  }

  private static void rollbackQuietly(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  List<Game> loadGames(Connection connection) throws SQLException {
    List<Game> games = new ArrayList<>();
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT id, state_json FROM games ORDER BY id");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        games.add(readGame(rows.getString(1), rows.getString(2)));
      }
    }
    return games;
  }

  Optional<Game> loadGame(Connection connection, String id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT state_json FROM games WHERE id = ?")) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(readGame(id, rows.getString(1)));
      }
    }
  }

  /**
   * Loads a page of plays, newest first. Plays with equal order come highest action first,
   * so the same call returns the same page.
   */
  List<Play> loadPlays(Connection connection, String gameId, Long beforeOrder, int limit)
      throws SQLException {
    // Limitation: when plays share an order, a page that ends inside the tie leaves out
    // the rest of the tie from the next page, because paging compares the order only.
    String sql = "SELECT action, play_json FROM plays WHERE game_id = ? AND deleted = FALSE"
        + (beforeOrder == null ? "" : " AND order_no < ?")
        + " ORDER BY order_no DESC, action DESC LIMIT ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 1;
      statement.setString(index++, gameId);
      if (beforeOrder != null) {
        statement.setLong(index++, beforeOrder);
      }
      statement.setInt(index, limit);
      List<Play> plays = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          plays.add(readPlay(gameId, rows.getLong(1), rows.getString(2)));
        }
      }
      return plays;
    }
  }

  private static Game readGame(String id, String json) {
    try {
      return GameJson.readGame(Json.parse(json));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StoreException("Invalid stored state of game " + id + ": " + e.getMessage(), e);
    }
  }

  private static Play readPlay(String gameId, long action, String json) {
    try {
      return GameJson.readPlay(Json.parse(json), gameId);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StoreException(
          "Invalid stored play " + action + " of game " + gameId + ": " + e.getMessage(), e);
    }
  }
}
