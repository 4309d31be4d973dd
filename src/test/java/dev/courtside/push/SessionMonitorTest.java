package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the session monitor spreads its pings over time. */
class SessionMonitorTest {

  private static final long HEARTBEAT = Duration.ofSeconds(15).toNanos();

  @Test
  void pingDelaysSpreadOverHalfHeartbeat() {
    int[] quarters = new int[4];
    for (long id = 1; id <= 10_000; id++) {
      long delay = SessionMonitor.pingDelayNanos(id, HEARTBEAT);
      assertThat(delay).isBetween(HEARTBEAT, HEARTBEAT + HEARTBEAT / 2 - 1);
      quarters[(int) ((delay - HEARTBEAT) * 4 / (HEARTBEAT / 2))]++;
    }

    // Consecutive sessions, such as clients that connected together, land in every quarter.
    for (int count : quarters) {
      assertThat(count).isBetween(2_000, 3_000);
    }
  }

  @Test
  void pingDelayIsFixedPerSession() {
    assertThat(SessionMonitor.pingDelayNanos(42, HEARTBEAT))
        .isEqualTo(SessionMonitor.pingDelayNanos(42, HEARTBEAT));
  }
}
