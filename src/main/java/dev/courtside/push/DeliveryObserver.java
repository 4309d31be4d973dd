package dev.courtside.push;

import dev.courtside.model.Message;

/** A listener notified of every message written to a client, for metrics. */
@FunctionalInterface
public interface DeliveryObserver {

  /** Does nothing; the default until metrics are attached. */
  DeliveryObserver NONE = (transport, message, clients) -> {};

  /**
   * Records one message written to {@code clients} clients of one transport, the last of them
   * just now. Called on the connections' event loop, once per message and event loop in the
   * common case, so it must be cheap and must not block.
   */
  void sent(String transport, Message message, int clients);
}
