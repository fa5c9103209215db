package io.porthouse.core.ops;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledWarningTest {

  private static final long S = 1_000_000_000L;

  @Test
  void theFirstIsLoggedThenAtMostOnePerIntervalWithHowManyWereHeldBack() {
    ThrottledWarning w = new ThrottledWarning(Duration.ofSeconds(10));
    long t0 = -5 * S; // nanoTime may be negative
    assertThat(w.occurred(t0)).isZero();
    assertThat(w.occurred(t0 + S)).isEqualTo(-1);
    assertThat(w.occurred(t0 + 9 * S)).isEqualTo(-1);
    assertThat(w.occurred(t0 + 10 * S)).isEqualTo(2);
    assertThat(w.occurred(t0 + 11 * S)).isEqualTo(-1);
    assertThat(w.occurred(t0 + 30 * S)).isEqualTo(1);
    assertThat(w.occurred(t0 + 50 * S)).isZero();
  }
}
