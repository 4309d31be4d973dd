package dev.courtside.store;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A JDBC URL that the store accepts, with the SQL dialect it selects.
 *
 * @param connectionUrl the URL to connect with, with the settings the store needs added
 * @param redacted the URL as given, with any password replaced, for messages and logs
 * @param dialect the SQL dialect of the database
 */
record StoreUrl(String connectionUrl, String redacted, SqlDialect dialect) {

  /** Matches {@code password=...} in a PostgreSQL query string or an H2 setting list. */
  private static final Pattern PASSWORD_SETTING =
      Pattern.compile("(?i)(password=)[^&;]*");

  /** Matches the password in {@code //user:password@host}. */
  private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@]+:)[^/@]*@");

  /**
   * Parses a JDBC URL of H2 or PostgreSQL.
   *
   * @throws IllegalArgumentException when the URL is missing or of another database
   */
  static StoreUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "Missing store URL: expected jdbc:h2:... or jdbc:postgresql://...");
    }
    String redacted = redact(url);
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      return new StoreUrl(withH2Settings(url), redacted, SqlDialect.H2);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return new StoreUrl(url, redacted, SqlDialect.POSTGRESQL);
    }
    throw new IllegalArgumentException(
        "Invalid store URL '" + redacted + "': expected jdbc:h2:... or jdbc:postgresql://...");
  }

  static String redact(String url) {
    String withoutSetting = PASSWORD_SETTING.matcher(url).replaceAll("$1***");
    return USER_INFO_PASSWORD.matcher(withoutSetting).replaceAll("$1***@");
  }

  /**
   * Turns off H2's own shutdown hook, which would close the database before the store has
   * flushed its queue during a JVM shutdown.
   */
  private static String withH2Settings(String url) {
    if (url.toUpperCase(Locale.ROOT).contains(";DB_CLOSE_ON_EXIT=")) {
      return url;
    }
    return url + ";DB_CLOSE_ON_EXIT=FALSE";
  }
}
