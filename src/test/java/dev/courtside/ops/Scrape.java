package dev.courtside.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of a server's {@code /metrics} in the Prometheus text format. */
public record Scrape(String text) {

  private static final Pattern SAMPLE_NAME = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)");

  /** Reads {@code /metrics} from a server on loopback over plain HTTP. */
  public static Scrape of(CourtsideServer server) throws Exception {
    HttpResponse<String> response = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /metrics returned " + response.statusCode());
    }
    return new Scrape(response.body());
  }

  /** Returns the value of one series, such as {@code x_total{feed="a"}}, or -1 when absent. */
  public double value(String series) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
        .matcher(text);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
  }

  /** Returns the name of every sample, such as {@code jvm_memory_used_bytes}. */
  public Set<String> sampleNames() {
    Set<String> names = new TreeSet<>();
    Matcher matcher = SAMPLE_NAME.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
