package dev.courtside.store;

import java.util.regex.Pattern;

/**
 * The names of the Redis keys that the nodes of one deployment share, all under one prefix
 * ({@code courtside:} by default), so several deployments or test runs can share a server.
 *
 * <p>A channel's keys put its name in braces, such as {@code courtside:ch:{games}:seq}.
 */
public final class RedisKeys {

  /** Prefix of every key in production. */
  public static final String DEFAULT_PREFIX = "courtside:";

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private final String prefix;

  /**
   * Creates the key names under a prefix.
   *
   * @param prefix 1 to 64 characters from {@code A-Z a-z 0-9 _ . : -}, usually ending in
   *     {@code :}
   */
  public RedisKeys(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("Invalid Redis key prefix '" + prefix
          + "': expected 1 to 64 characters from A-Z a-z 0-9 _ . : -");
    }
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** Returns the key of a channel's epoch, set once when its history begins. */
  public String epoch(String channel) {
    return channelKey(channel, "epoch");
  }

  /** Returns the key of a channel's last assigned seq. */
  public String seq(String channel) {
    return channelKey(channel, "seq");
  }

  /** Returns the key of a channel's journal stream, whose entry ids are {@code <seq>-0}. */
  public String journal(String channel) {
    return channelKey(channel, "journal");
  }

  /** Returns the key of a channel's checkpoint hash: epoch, seq and state. */
  public String checkpoint(String channel) {
    return channelKey(channel, "checkpoint");
  }

  /** Returns the key of the stream of every numbered message, which every node reads. */
  public String messages() {
    return prefix + "messages";
  }

  /** Returns the key of the set of channel names that have a history. */
  public String channels() {
    return prefix + "channels";
  }

  /** Returns the key of a lease, such as the lease on one feed. */
  public String lease(String name) {
    return prefix + "lease:" + name;
  }

  private String channelKey(String channel, String part) {
    return prefix + "ch:{" + channel + "}:" + part;
  }
}
