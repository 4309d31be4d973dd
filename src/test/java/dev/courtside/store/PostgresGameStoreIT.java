package dev.courtside.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The {@link GameStore} contract on the PostgreSQL server at 127.0.0.1:5432, each test in a
 * schema of its own that is dropped afterwards.
 *
 * <p>Skipped when the server does not accept connections, unless the environment variable
 * {@code COURTSIDE_REQUIRE_SERVICES} is {@code true}, which makes it fail instead.
 */
class PostgresGameStoreIT extends GameStoreTest {

  private static final String SERVER_URL =
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=5";

  /** Why the server is not usable, or null when it accepts connections. */
  private static String unreachableReason;

  private String schema;

  @BeforeAll
  static void checkServer() {
    try (Connection connection = DriverManager.getConnection(SERVER_URL)) {
      connection.isValid(5);
    } catch (SQLException e) {
      unreachableReason =
          "PostgreSQL is not reachable at " + SERVER_URL + ": " + e.getMessage();
      if ("true".equals(System.getenv("COURTSIDE_REQUIRE_SERVICES"))) {
        fail(unreachableReason + " (COURTSIDE_REQUIRE_SERVICES=true requires it)", e);
      }
    }
  }

  @BeforeEach
  void createSchema() throws SQLException {
    // Skipping per test, rather than in checkServer, makes Surefire 3.5.4 report each test
    // as skipped with this message, where it reports an aborted class as zero tests.
    Assumptions.assumeTrue(unreachableReason == null, () -> unreachableReason
        + " (start PostgreSQL there, or set COURTSIDE_REQUIRE_SERVICES=true to fail instead)");
    schema = "courtside_test_" + UUID.randomUUID().toString().replace("-", "");
    executeOnServer("CREATE SCHEMA " + schema);
  }

  @Override
  String databaseUrl() {
    return SERVER_URL + "&currentSchema=" + schema;
  }

  @Override
  void dropDatabase() throws SQLException {
    if (schema == null) {
      return;
    }
    executeOnServer("DROP SCHEMA " + schema + " CASCADE");
  }

  private static void executeOnServer(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER_URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
