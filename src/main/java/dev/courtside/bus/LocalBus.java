package dev.courtside.bus;

import dev.courtside.model.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-process bus: delivers each message synchronously to every consumer on the
 * publisher's thread, so channel order is the publish order.
 */
public final class LocalBus implements Bus {

  private final List<Consumer<Message>> consumers = new CopyOnWriteArrayList<>();

  @Override
  public void publish(Message message) {
    for (Consumer<Message> consumer : consumers) {
      consumer.accept(message);
    }
  }

  @Override
  public void subscribe(Consumer<Message> consumer) {
    consumers.add(consumer);
  }

  @Override
  public boolean healthy() {
    return true;
  }

  @Override
  public void close() {
    consumers.clear();
  }
}
