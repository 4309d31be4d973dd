package dev.courtside.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {

  @Test
  void perAddressMaximumRejectsWith429() {
    ConnectionLimiter limiter = new ConnectionLimiter(10, 2);
    limiter.acquire("203.0.113.9");
    limiter.acquire("203.0.113.9");

    assertThatThrownBy(() -> limiter.acquire("203.0.113.9"))
        .isInstanceOfSatisfying(ClientErrorException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.error().code()).isEqualTo("too-many-connections-per-address");
          assertThat(e.error().message()).isEqualTo("Too many open connections from"
              + " 203.0.113.9: expected at most 2 per client address; close one or retry after"
              + " 10 s");
          assertThat(e.error().retry()).isTrue();
          assertThat(e.retryAfter()).isEqualTo(ConnectionLimiter.RETRY_AFTER);
        });
    assertThat(limiter.open()).isEqualTo(2);
    limiter.acquire("203.0.113.10");
    assertThat(limiter.open()).isEqualTo(3);
    assertThat(limiter.rejectedPerAddress()).isEqualTo(1);
  }

  @Test
  void overallMaximumRejectsWith503() {
    ConnectionLimiter limiter = new ConnectionLimiter(2, 0);
    limiter.acquire("a");
    limiter.acquire("b");

    assertThatThrownBy(() -> limiter.acquire("c"))
        .isInstanceOfSatisfying(ClientErrorException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.error().code()).isEqualTo("too-many-connections");
          assertThat(e.error().message()).isEqualTo("Too many open connections: the server"
              + " accepts at most 2; retry after 10 s");
        });
    assertThat(limiter.open()).isEqualTo(2);
    assertThat(limiter.rejectedFull()).isEqualTo(1);
  }

  @Test
  void releaseTwiceCountsOnce() {
    ConnectionLimiter limiter = new ConnectionLimiter(10, 5);
    ConnectionLimiter.Permit first = limiter.acquire("a");
    limiter.acquire("a");

    first.release();
    first.release();

    assertThat(limiter.open()).isEqualTo(1);
    assertThat(limiter.openFrom("a")).isEqualTo(1);
  }

  @Test
  void releasedAddressLeavesTheMap() {
    ConnectionLimiter limiter = new ConnectionLimiter(10, 5);
    ConnectionLimiter.Permit permit = limiter.acquire("a");

    permit.release();

    assertThat(limiter.addressCount()).isZero();
    assertThat(limiter.open()).isZero();
  }

  @Test
  void concurrentAcquireNeverPassesMaximum() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter(50, 30);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int thread = 0; thread < 8; thread++) {
        String address = "10.0.0." + (thread % 2);
        results.add(pool.submit(() -> {
          int accepted = 0;
          for (int i = 0; i < 1000; i++) {
            try {
              ConnectionLimiter.Permit permit = limiter.acquire(address);
              accepted++;
              if (i % 2 == 0) {
                permit.release();
              }
            } catch (ClientErrorException e) {
              assertThat(e.status()).isIn(429, 503);
            }
          }
          return accepted;
        }));
      }
      for (Future<Integer> result : results) {
        result.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(limiter.open()).isLessThanOrEqualTo(50);
    assertThat(limiter.openFrom("10.0.0.0")).isLessThanOrEqualTo(30);
    assertThat(limiter.openFrom("10.0.0.1")).isLessThanOrEqualTo(30);
    assertThat(limiter.openFrom("10.0.0.0") + limiter.openFrom("10.0.0.1"))
        .isEqualTo(limiter.open());
  }
}
