package io.porthouse.core.ops;

import java.time.Duration;

/**
 * A warning that may happen for every message or connection during an outage or an attack, logged
 * at most once per interval with how many were held back since the last line. Thread-safe.
 */
public final class ThrottledWarning {

  private final long intervalNanos;
  private boolean loggedOnce;
  private long last;
  private long heldBack;

  public ThrottledWarning(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /**
   * Counts one occurrence at {@code nowNanos} ({@link System#nanoTime()}): answers how many were
   * held back since the last line when this one is to be logged, or -1 when it is held back too.
   */
  public synchronized long occurred(long nowNanos) {
    if (loggedOnce && nowNanos - last < intervalNanos) {
      heldBack++;
      return -1;
    }
    loggedOnce = true;
    last = nowNanos;
    long held = heldBack;
    heldBack = 0;
    return held;
  }
}
