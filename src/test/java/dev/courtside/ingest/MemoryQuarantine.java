package dev.courtside.ingest;

import dev.courtside.store.QuarantineStore;
import java.util.ArrayList;
import java.util.List;

/** A {@link QuarantineStore} in memory, for tests that check what was quarantined. */
final class MemoryQuarantine implements QuarantineStore {

  private final List<Entry> entries = new ArrayList<>();

  @Override
  public synchronized void add(Entry entry) {
    entries.add(entry);
  }

  @Override
  public synchronized List<Entry> latest(int limit) {
    List<Entry> newestFirst = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
      newestFirst.add(entries.get(i));
    }
    return newestFirst;
  }

  synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  synchronized List<String> reasons() {
    return entries.stream().map(Entry::reason).toList();
  }

  @Override
  public long dropped() {
    return 0;
  }

  @Override
  public void close() {}
}
