package io.porthouse.roomstate;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;

/**
 * A room's rule {@code rate}: each sender's allowance (a member socket's, or a posting client's,
 * {@code post:<client>}), refilled from the times the sends bring. Posting clients are not members,
 * so their allowances are forgotten all at once past {@link #MAX_POST_BUCKETS} (memory stays
 * bounded; at worst a poster's allowance starts afresh). Part of {@link RoomState}.
 */
final class SendRate implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;
  private static final int MAX_POST_BUCKETS = 10_000;
  private static final long UNIT = 1_000_000;

  /** sender → {tokens in millionths, last refill ms}. */
  private final HashMap<String, long[]> buckets = new HashMap<>();

  /** Takes one message from {@code sender}'s allowance ({@code rate} per second, burst {@code burst}); false if none is left. */
  boolean take(String sender, int rate, int burst, long now) {
    if (!buckets.containsKey(sender) && sender.startsWith("post:") && buckets.size() >= MAX_POST_BUCKETS) {
      buckets.keySet().removeIf(k -> k.startsWith("post:"));
    }
    long[] b = buckets.computeIfAbsent(sender, s -> new long[] {burst * UNIT, now});
    long refill = Math.max(0, now - b[1]) * rate * UNIT / 1000;
    b[0] = Math.min(burst * UNIT, b[0] + refill);
    b[1] = now;
    if (b[0] < UNIT) {
      return false;
    }
    b[0] -= UNIT;
    return true;
  }

  /** The member left: its allowance goes. */
  void forget(String socket) {
    buckets.remove(socket);
  }

  /** The rule was turned off. */
  void clear() {
    buckets.clear();
  }
}
