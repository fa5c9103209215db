package io.porthouse.core.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wrong secrets (room passwords, one-time codes, account logins), per key (what was tried, and by
 * whom: a room and client, or socket when anonymous; an account name), on this JVM: after each
 * failure the next attempt must wait, 1 s after the first and doubling up to 60 s; an attempt
 * made sooner is refused without being checked. A right password clears the count; a count is
 * forgotten 10 minutes after its last wait ends. At most {@value #MAX_TRACKED} are kept (the
 * least recently touched go first), so guessing cannot grow memory without bound.
 */
public final class FailedAttempts {

  public static final int MAX_TRACKED = 10_000;
  private static final long FIRST_WAIT_MILLIS = 1_000;
  private static final long MAX_WAIT_MILLIS = 60_000;
  private static final long FORGET_AFTER_MILLIS = 600_000;

  /** key → {failures, the time before which no attempt is checked}. */
  /** Failures that cost no wait (a typo is not an attack); then the waits start. */
  private final int free;

  /** Every failure makes the next attempt wait (guessable secrets: passwords, codes). */
  public FailedAttempts() {
    this(0);
  }

  /** The first {@code freeFailures} failures cost nothing (access checks a client may simply retry). */
  public FailedAttempts(int freeFailures) {
    this.free = freeFailures;
  }

  private final Map<String, long[]> failures = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
      return size() > MAX_TRACKED;
    }
  };

  /** The key of attempts on {@code room} by {@code client}, or by {@code socket} when anonymous. */
  public static String key(String room, String client, String socket) {
    return room + '\u0000' + (client != null ? "c:" + client : "s:" + socket);
  }

  /** How long {@code key} must still wait before its next attempt is checked (0: now). */
  public long waitMillis(String key, long now) {
    long[] f = failures.get(key);
    if (f == null) {
      return 0;
    }
    if (now > f[1] + FORGET_AFTER_MILLIS) {
      failures.remove(key);
      return 0;
    }
    return Math.max(0, f[1] - now);
  }

  public void failed(String key, long now) {
    long[] f = failures.computeIfAbsent(key, k -> new long[2]);
    f[0]++;
    f[1] = f[0] <= free ? now : now + Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(f[0] - free - 1, 16));
  }

  public void succeeded(String key) {
    failures.remove(key);
  }
}
