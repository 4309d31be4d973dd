package dev.courtside.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** Redaction of feed URLs for logs and messages. */
final class Urls {

  /** Query parameters that carry credentials in provider URLs. */
  private static final Pattern SECRET_PARAMETER = Pattern.compile(
      "(?i)([?&](?:api[_-]?key|key|token|access[_-]?token|secret|password|sig|signature)=)"
          + "[^&#]*");

  private static final Pattern USER_INFO = Pattern.compile("//[^/@]+@");

  /**
   * A query string of a URL inside a text: up to white space, a quote or a bracket, and
   * without a final {@code : , . ;} that ends the sentence around it.
   */
  private static final Pattern QUERY =
      Pattern.compile("(?<=[a-zA-Z0-9/._~%-])\\?[^\\s'\")]*?(?=[:,.;]?(?:[\\s'\")]|$))");

  private Urls() {}

  /** Returns the URL with credential query parameters and user info replaced by ***. */
  static String redact(String url) {
    String withoutParameters = SECRET_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(withoutParameters).replaceAll("//***@");
  }

  /**
   * Returns the text with user info and the query string of every URL in it removed, for
   * errors shown on the status page.
   */
  static String withoutQueries(String text) {
    if (text == null) {
      return null;
    }
    String withoutUsers = USER_INFO.matcher(text).replaceAll("//");
    return QUERY.matcher(withoutUsers).replaceAll("?...");
  }

  /**
   * Returns the host and port of a feed URL, without user info, path or query: {@code file}
   * for a {@code file:} URL, and {@code (invalid URL)} when it cannot be parsed.
   */
  static String hostOf(String url) {
    try {
      URI uri = new URI(url);
      if ("file".equalsIgnoreCase(uri.getScheme())) {
        return "file";
      }
      if (uri.getHost() == null) {
        return "(invalid URL)";
      }
      return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (URISyntaxException e) {
      return "(invalid URL)";
    }
  }
}
