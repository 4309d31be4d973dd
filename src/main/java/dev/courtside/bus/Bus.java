package dev.courtside.bus;

import dev.courtside.model.Message;
import java.util.function.Consumer;

/**
 * Delivery of published messages to every fan-out that serves clients: in the same process by
 * default, between nodes when several run.
 */
public interface Bus {

  /** Publishes a message to every subscriber, in publish order per channel. */
  void publish(Message message);

  /**
   * Registers a consumer of every published message. Consumers must not block: they are
   * called on the publisher's thread by the in-process bus.
   */
  void subscribe(Consumer<Message> consumer);

  /** Returns true while messages flow; false while the bus has lost its connection. */
  boolean healthy();

  /** Stops delivery and frees the bus's resources. */
  void close();
}
