package io.porthouse.ingress.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void burstThenRefillAtTheRate() {
    TokenBucket bucket = new TokenBucket(3, 2, 0);
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isFalse();
    assertThat(bucket.tryTake(SECOND / 2)).isTrue();   // one token back after half a second at 2/s
    assertThat(bucket.tryTake(SECOND / 2)).isFalse();
    assertThat(bucket.tryTake(100 * SECOND)).isTrue(); // refill is capped at the capacity
    assertThat(bucket.tryTake(100 * SECOND)).isTrue();
    assertThat(bucket.tryTake(100 * SECOND)).isTrue();
    assertThat(bucket.tryTake(100 * SECOND)).isFalse();
  }
}
