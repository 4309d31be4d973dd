package dev.courtside.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one or more load generator processes measured in one window: counts, CPU time and the
 * latency histograms, in microseconds.
 *
 * @param connections open connections at the end of the window
 * @param delivered data messages received, with or without a publish time
 * @param withoutTime data messages without a publish time (snapshots, game restarts)
 * @param bytes payload bytes of the data messages
 * @param gaps messages missing between two received ones of a channel, by seq
 * @param duplicates messages received again or out of order, by seq
 * @param resyncs snapshots flagged {@code resync}, sent in place of missed messages
 * @param errors failed connects, closes by the server, protocol errors
 * @param caughtUp resumed connections that received a live message again
 * @param cpuNanos CPU time used by the load generator processes in the window
 * @param wallNanos length of the window
 * @param latency publish-to-receive time of each message that carries a publish time
 * @param catchUp time from the start of a resume until a connection received a live message
 */
public record LoadReport(long connections, long delivered, long withoutTime, long bytes, long gaps,
    long duplicates, long resyncs, long errors, long caughtUp, long cpuNanos, long wallNanos,
    Histogram latency, Histogram catchUp) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Returns the window from {@code start} to this snapshot; histograms are this one's. */
  LoadReport since(LoadReport start) {
    return new LoadReport(connections, delivered - start.delivered,
        withoutTime - start.withoutTime, bytes - start.bytes, gaps - start.gaps,
        duplicates - start.duplicates, resyncs - start.resyncs, errors - start.errors,
        caughtUp - start.caughtUp, cpuNanos - start.cpuNanos, wallNanos - start.wallNanos,
        latency, catchUp);
  }

  /** Returns the sum of two processes' windows; the wall time is the longer one. */
  LoadReport plus(LoadReport other) {
    Histogram mergedLatency = latency.copy();
    mergedLatency.add(other.latency);
    Histogram mergedCatchUp = catchUp.copy();
    mergedCatchUp.add(other.catchUp);
    return new LoadReport(connections + other.connections, delivered + other.delivered,
        withoutTime + other.withoutTime, bytes + other.bytes, gaps + other.gaps,
        duplicates + other.duplicates, resyncs + other.resyncs, errors + other.errors,
        caughtUp + other.caughtUp, cpuNanos + other.cpuNanos,
        Math.max(wallNanos, other.wallNanos), mergedLatency, mergedCatchUp);
  }

  /** Returns an empty report. */
  static LoadReport empty() {
    return new LoadReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        new Histogram(LoadStats.MAX_LATENCY_MICROS, 3),
        new Histogram(LoadStats.MAX_LATENCY_MICROS, 3));
  }

  /** Returns the delivered data messages per second of the window. */
  public double deliveredPerSecond() {
    return wallNanos <= 0 ? 0 : delivered * 1e9 / wallNanos;
  }

  /** Returns a latency percentile in milliseconds, or NaN without samples. */
  public double latencyMs(double percentile) {
    return latency.getTotalCount() == 0 ? Double.NaN
        : latency.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Writes the report as one line of JSON, with the histograms compressed in Base64. */
  String toJson() {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("connections", connections);
    node.put("delivered", delivered);
    node.put("withoutTime", withoutTime);
    node.put("bytes", bytes);
    node.put("gaps", gaps);
    node.put("duplicates", duplicates);
    node.put("resyncs", resyncs);
    node.put("errors", errors);
    node.put("caughtUp", caughtUp);
    node.put("cpuNanos", cpuNanos);
    node.put("wallNanos", wallNanos);
    node.put("latency", encode(latency));
    node.put("catchUp", encode(catchUp));
    return node.toString();
  }

  /**
   * Reads a report written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException when the text is not such a report
   */
  static LoadReport fromJson(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      return new LoadReport(node.path("connections").asLong(), node.path("delivered").asLong(),
          node.path("withoutTime").asLong(), node.path("bytes").asLong(),
          node.path("gaps").asLong(), node.path("duplicates").asLong(),
          node.path("resyncs").asLong(), node.path("errors").asLong(),
          node.path("caughtUp").asLong(), node.path("cpuNanos").asLong(),
          node.path("wallNanos").asLong(), decode(node.path("latency").asText()),
          decode(node.path("catchUp").asText()));
    } catch (java.io.IOException | DataFormatException e) {
      throw new IllegalArgumentException("Invalid load report '" + abbreviate(text) + "': "
          + e.getMessage(), e);
    }
  }

  private static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  private static Histogram decode(String base64) throws DataFormatException {
    ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
    return Histogram.decodeFromCompressedByteBuffer(buffer, 0);
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
