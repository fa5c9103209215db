package io.porthouse.core.security;

import java.io.Serial;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed attempts per key (who tried what: a client, or an address when anonymous), and the time
 * before which the next attempt is refused without being checked: 1 s after the first counted
 * failure, doubling up to 60 s; a success clears the key. An attempt is counted <em>before</em>
 * its work: {@link #begin} reserves the key for the attempt being checked, so parallel attempts
 * by the same key wait too (one is checked, the others are refused), and {@link #failed} or
 * {@link #released} ends it. A reservation its checker never ends (it died) lapses after
 * {@link #PENDING_MILLIS}.
 *
 * <p>Deterministic (every time comes in as an argument) and serializable, so it can live in state
 * that is re-applied on backups and moved between JVMs: a room keeps its own, which makes them
 * cluster-wide. At most {@link #MAX_KEYS} keys (the oldest go first); a key is forgotten
 * {@link #FORGET_AFTER_MILLIS} after its last wait ends.
 */
public final class Lockouts implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;
  public static final int MAX_KEYS = 1024;
  public static final long PENDING_MILLIS = 30_000;
  static final long FIRST_WAIT_MILLIS = 1_000;
  static final long MAX_WAIT_MILLIS = 60_000;
  static final long FORGET_AFTER_MILLIS = 600_000;

  /** key → {failures, not before (ms), reserved until (ms)}. */
  private final LinkedHashMap<String, long[]> keys = new LinkedHashMap<>();

  /** The wait after {@code counted} failures (those past the free ones): 1 s, doubling, at most 60 s; 0 for none. */
  public static long backoffMillis(long counted) {
    return counted <= 0 ? 0 : Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(counted - 1, 16));
  }

  /** A wait as the whole seconds a client is told to wait (at least 1). */
  public static long seconds(long waitMillis) {
    return Math.max(1, (waitMillis + 999) / 1000);
  }

  /** How long {@code key} must still wait before its next attempt is checked (0: now). */
  public long waitMillis(String key, long now) {
    long[] k = keys.get(key);
    if (k == null) {
      return 0;
    }
    if (now > Math.max(k[1], k[2]) + FORGET_AFTER_MILLIS) {
      keys.remove(key);
      return 0;
    }
    return Math.max(0, Math.max(k[1], k[2]) - now);
  }

  /** Whether an attempt by {@code key} is being checked now (reserved, not ended). */
  public boolean checking(String key, long now) {
    long[] k = keys.get(key);
    return k != null && k[2] > now;
  }

  /** Reserves {@code key} for an attempt about to be checked; false (nothing changed) if it must wait or one is being checked. */
  public boolean begin(String key, long now) {
    if (waitMillis(key, now) > 0) {
      return false;
    }
    entry(key)[2] = now + PENDING_MILLIS;
    return true;
  }

  /** The attempt failed: the key's next attempt waits (after {@code freeFailures} failures that cost nothing). */
  public void failed(String key, long now, int freeFailures) {
    long[] k = entry(key);
    k[0]++;
    k[1] = now + backoffMillis(k[0] - freeFailures);
    k[2] = 0;
  }

  /** The attempt ended without a verdict (the check could not be done): nothing counted. */
  public void released(String key) {
    long[] k = keys.get(key);
    if (k != null) {
      k[2] = 0;
    }
  }

  /** The attempt succeeded: the key starts afresh. */
  public void succeeded(String key) {
    keys.remove(key);
  }

  private long[] entry(String key) {
    long[] k = keys.get(key);
    if (k == null) {
      k = new long[3];
      keys.put(key, k);
      for (Iterator<Map.Entry<String, long[]>> oldest = keys.entrySet().iterator(); keys.size() > MAX_KEYS; ) {
        oldest.next();
        oldest.remove();
      }
    }
    return k;
  }

  /** Keys tracked (for tests). */
  public int size() {
    return keys.size();
  }
}
