package io.porthouse.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes (awaitility-style, without a sleep: it
 * parks the test thread briefly between checks).
 */
public final class Eventually {

  private Eventually() {
  }

  public static void until(String what, Duration within, BooleanSupplier condition) {
    until(() -> what, within, condition);
  }

  /** Like the other, with a description made when it fails (to show the state that did not come). */
  public static void until(Supplier<String> what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within " + within + ": " + what.get());
      }
      LockSupport.parkNanos(50_000_000);
    }
  }
}
