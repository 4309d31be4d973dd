package dev.courtside.ingest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The lease of a single node, which is held from {@link #start()} to {@link #stop()}. */
public final class LocalLease implements FeedLease {

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean held;

  @Override
  public boolean held() {
    return held;
  }

  @Override
  public synchronized void start() {
    if (held) {
      return;
    }
    held = true;
    listeners.forEach(Listener::gained);
  }

  @Override
  public synchronized void stop() {
    if (!held) {
      return;
    }
    held = false;
    listeners.forEach(Listener::lost);
  }

  @Override
  public void addListener(Listener listener) {
    listeners.add(listener);
  }
}
