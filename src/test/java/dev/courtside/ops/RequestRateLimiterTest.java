package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courtside.push.ClientAddresses;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void burstPassesThenWaitIsReturned() {
    RequestRateLimiter limiter = new RequestRateLimiter(2, 3, ClientAddresses.direct(), 10);

    assertThat(limiter.take("a", 0)).isNull();
    assertThat(limiter.take("a", 0)).isNull();
    assertThat(limiter.take("a", 0)).isNull();
    assertThat(limiter.take("a", 0)).isEqualTo(Duration.ofMillis(500));
    assertThat(limiter.take("b", 0)).isNull();
  }

  @Test
  void idleAddressesAreEvicted() {
    RequestRateLimiter limiter = new RequestRateLimiter(2, 4, ClientAddresses.direct(), 10);
    for (int i = 0; i < 4; i++) {
      limiter.take("a", 0);
      limiter.take("b", SECOND);
    }

    limiter.evictIdle(SECOND);
    assertThat(limiter.trackedAddresses()).isEqualTo(2);
    limiter.evictIdle(2 * SECOND);
    assertThat(limiter.trackedAddresses()).isEqualTo(1);
    limiter.evictIdle(3 * SECOND);
    assertThat(limiter.trackedAddresses()).isZero();
    assertThat(limiter.idleAfter()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void fullTableLetsNewAddressesPass() {
    RequestRateLimiter limiter = new RequestRateLimiter(1, 1, ClientAddresses.direct(), 2);
    limiter.take("a", 0);
    limiter.take("b", 0);

    assertThat(limiter.take("c", 0)).isNull();
    assertThat(limiter.take("c", 0)).isNull();
    assertThat(limiter.take("a", 0)).isNotNull();

    assertThat(limiter.trackedAddresses()).isEqualTo(2);
    assertThat(limiter.untracked()).isEqualTo(2);
  }

  @Test
  void limitedPathsAreTheCostlyOnes() {
    assertThat(RequestRateLimiter.isLimited("/api/games")).isTrue();
    assertThat(RequestRateLimiter.isLimited("/events")).isTrue();
    assertThat(RequestRateLimiter.isLimited("/poll")).isTrue();
    assertThat(RequestRateLimiter.isLimited("/ws")).isTrue();
    assertThat(RequestRateLimiter.isLimited("/ingest/batch")).isTrue();
    assertThat(RequestRateLimiter.isLimited("/")).isFalse();
    assertThat(RequestRateLimiter.isLimited("/client/courtside.js")).isFalse();
    assertThat(RequestRateLimiter.isLimited("/health/ready")).isFalse();
    assertThat(RequestRateLimiter.isLimited("/metrics")).isFalse();
  }
}
