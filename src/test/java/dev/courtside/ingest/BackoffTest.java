package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delayDoublesUpToMaximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 1.0);

    assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.delay(500)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void jitterTakesAwayUpToHalf() {
    Backoff none = new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(4), () -> 0.0);
    Backoff some = new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(4), () -> 0.5);

    assertThat(none.delay(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(some.delay(1)).isEqualTo(Duration.ofSeconds(3));
  }
}
