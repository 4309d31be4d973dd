package dev.courtside.bus;

import static org.junit.jupiter.api.Assertions.fail;

import dev.courtside.ops.Settings;
import dev.courtside.ops.TestServers;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis and PostgreSQL servers that cluster tests share: Redis at 127.0.0.1:6379 and
 * PostgreSQL at 127.0.0.1:5432, database {@code test}.
 *
 * <p>A test that needs them is skipped when they do not accept connections, unless the
 * environment variable {@code COURTSIDE_REQUIRE_SERVICES} is {@code true}, which makes it fail
 * instead.
 * Each test keeps its Redis keys under a random prefix and its tables in a schema of its own,
 * and removes both afterwards.
 */
final class ClusterServices {

  static final String REDIS_URI = "redis://127.0.0.1:6379";
  private static final String POSTGRES_URL =
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=5";

  private ClusterServices() {}

  /** Skips or fails the test unless both servers accept connections. */
  static void requireServices() {
    requireRedis(6379);
    String reason = postgresUnreachable();
    skipOrFail(reason);
  }

  /** Skips or fails the test unless Redis on a loopback port replies to PING. */
  static void requireRedis(int port) {
    skipOrFail(redisUnreachable(port));
  }

  private static void skipOrFail(String reason) {
    if (reason == null) {
      return;
    }
    if ("true".equals(System.getenv("COURTSIDE_REQUIRE_SERVICES"))) {
      fail(reason + " (COURTSIDE_REQUIRE_SERVICES=true requires it)");
    }
    Assumptions.abort(reason
        + " (start it there, or set COURTSIDE_REQUIRE_SERVICES=true to fail instead)");
  }

  /** Returns why Redis on a loopback port does not answer PING, or null when it does. */
  static String redisUnreachable(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      String text = new String(reply, StandardCharsets.US_ASCII);
      return text.startsWith("+PONG") ? null
          : "Redis at 127.0.0.1:" + port + " answered PING with '" + text.trim() + "'";
    } catch (IOException e) {
      return "Redis is not reachable at 127.0.0.1:" + port + ": " + e.getMessage();
    }
  }

  private static String postgresUnreachable() {
    try (Connection connection = DriverManager.getConnection(POSTGRES_URL)) {
      connection.isValid(5);
      return null;
    } catch (SQLException e) {
      return "PostgreSQL is not reachable at " + POSTGRES_URL + ": " + e.getMessage();
    }
  }

  /** Returns a fresh key prefix such as {@code courtside-test-1a2b3c4d:}. */
  static String newKeyPrefix() {
    return "courtside-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  /** Creates a fresh schema and returns its name. */
  static String createSchema() throws SQLException {
    String schema = "courtside_test_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SCHEMA " + schema);
    return schema;
  }

  /** Returns the JDBC URL of a schema made by {@link #createSchema()}. */
  static String schemaUrl(String schema) {
    return POSTGRES_URL + "&currentSchema=" + schema;
  }

  static void dropSchema(String schema) throws SQLException {
    if (schema != null) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(POSTGRES_URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Returns test settings for a node in {@code dir} with the given store and Redis. */
  static Settings nodeSettings(Path dir, String db, String redisUri) {
    Settings base = TestServers.settings(dir).withDb(db);
    return new Settings(base.host(), base.port(), base.replay(), base.speed(), base.loop(),
        base.db(), redisUri, base.coalesce(), base.journalCapacity(), base.shutdownSpread())
        .withClientLimits(base.clientLimits());
  }

  /** Deletes every key under a prefix; the prefix must start with {@code courtside-test-}. */
  static void deleteKeys(Vertx vertx, String redisUri, String prefix) throws Exception {
    if (!prefix.startsWith("courtside-test-")) {
      throw new IllegalArgumentException("Refusing to delete keys outside a test prefix: "
          + prefix);
    }
    Redis client = Redis.createClient(vertx, redisUri);
    try {
      String cursor = "0";
      do {
        Response page = await(client.send(Request.cmd(Command.SCAN).arg(cursor)
            .arg("MATCH").arg(prefix + "*").arg("COUNT").arg(1000)));
        cursor = page.get(0).toString();
        for (Response key : page.get(1)) {
          await(client.send(Request.cmd(Command.DEL).arg(key.toString())));
        }
      } while (!cursor.equals("0"));
    } finally {
      await(client.close());
    }
  }

  /** Sends one command to Redis and returns the reply. */
  static Response command(Vertx vertx, String redisUri, Request request) throws Exception {
    Redis client = Redis.createClient(vertx, redisUri);
    try {
      return await(client.send(request));
    } finally {
      await(client.close());
    }
  }

  static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
