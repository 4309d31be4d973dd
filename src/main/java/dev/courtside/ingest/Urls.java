package dev.courtside.ingest;

import java.util.regex.Pattern;

/** Redaction of feed URLs for logs and messages. */
final class Urls {

  /** Query parameters that carry credentials in provider URLs. */
  private static final Pattern SECRET_PARAMETER = Pattern.compile(
      "(?i)([?&](?:api[_-]?key|key|token|access[_-]?token|secret|password|sig|signature)=)"
          + "[^&#]*");

  private static final Pattern USER_INFO = Pattern.compile("//[^/@]+@");

  private Urls() {}

  /** Returns the URL with credential query parameters and user info replaced by ***. */
  static String redact(String url) {
    String withoutParameters = SECRET_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(withoutParameters).replaceAll("//***@");
  }
}
