package dev.courtside.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2015-10-21T07:27:00Z"));

  @Test
  void secondsAreRead() {
    assertThat(RetryAfter.parse("120", clock)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void httpDateIsRead() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", clock))
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void pastDateIsZero() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", clock)).isZero();
  }

  @Test
  void longWaitIsCapped() {
    assertThat(RetryAfter.parse("86400", clock)).isEqualTo(RetryAfter.MAX);
  }

  @Test
  void unreadableHeaderIsIgnored() {
    assertThat(RetryAfter.parse("soon", clock)).isNull();
    assertThat(RetryAfter.parse(null, clock)).isNull();
  }
}
