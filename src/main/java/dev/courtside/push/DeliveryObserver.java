package dev.courtside.push;

import dev.courtside.model.Message;

/** A listener notified of every message written to a client, for metrics. */
@FunctionalInterface
public interface DeliveryObserver {

  /** Does nothing; the default until metrics are attached. */
  DeliveryObserver NONE = (transport, message) -> {};

  /**
   * Records one message written to one client. Called on the connection's event loop for
   * every message, so it must be cheap and must not block.
   */
  void sent(String transport, Message message);
}
