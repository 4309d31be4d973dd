package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void burstPassesThenRejects() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);

    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isFalse();
  }

  @Test
  void refillsAtRate() {
    TokenBucket bucket = new TokenBucket(2, 3, 0);
    for (int i = 0; i < 3; i++) {
      bucket.tryTake(0);
    }

    assertThat(bucket.timeToNextToken(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(bucket.tryTake(SECOND / 4)).isFalse();
    assertThat(bucket.tryTake(SECOND / 2)).isTrue();
    assertThat(bucket.tryTake(SECOND / 2)).isFalse();
  }

  @Test
  void refillStopsAtBurst() {
    TokenBucket bucket = new TokenBucket(10, 2, 0);
    bucket.tryTake(0);

    assertThat(bucket.isFull(0)).isFalse();
    assertThat(bucket.isFull(100 * SECOND)).isTrue();
    assertThat(bucket.tryTake(100 * SECOND)).isTrue();
    assertThat(bucket.tryTake(100 * SECOND)).isTrue();
    assertThat(bucket.tryTake(100 * SECOND)).isFalse();
  }

  @Test
  void clockGoingBackIsIgnored() {
    TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
    bucket.tryTake(10 * SECOND);

    assertThat(bucket.tryTake(5 * SECOND)).isFalse();
    assertThat(bucket.tryTake(11 * SECOND)).isTrue();
  }

  @Test
  void zeroRateIsRejected() {
    assertThatThrownBy(() -> new TokenBucket(0, 5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid token bucket rate 0.0 per second and burst 5: expected a rate above"
            + " 0 and a burst of 1 or more");
  }
}
