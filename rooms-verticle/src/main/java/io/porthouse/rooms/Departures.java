package io.porthouse.rooms;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which departed nodes are dead, so that their sockets leave their rooms. A departure seen while
 * this side of the cluster had the rooms quorum counts at once. One seen without it (this JVM
 * was frozen, or cut off with too few rooms members) may only be this side's view: when the
 * quorum comes back by a merge, the other side's members join one by one, and a node that is
 * on its way back must not lose its memberships in between. Such a departure counts only once
 * the quorum has held for {@link #GRACE_MILLIS} and the node has not come back. Not thread-safe:
 * used on one verticle's context.
 */
final class Departures {

  /** How long a regained quorum must hold before departures seen without it count. */
  static final long GRACE_MILLIS = 30_000;
  /** How long a departed node is remembered, so sweeps catch members that joined late. */
  static final long MEMORY_MILLIS = 600_000;

  private record Departure(long at, boolean withQuorum) {
  }

  private final Map<String, Departure> departed = new LinkedHashMap<>();
  /** Since when this side has had the quorum, or -1 while it has not. */
  private long quorumSince = -1;

  /** {@code node} left the cluster as this JVM sees it at {@code now}; {@code withQuorum}: this side has the quorum. */
  void left(String node, long now, boolean withQuorum) {
    departed.put(node, new Departure(now, withQuorum));
  }

  /** {@code node} is a member again: answers whether it had been given up for dead. */
  boolean back(String node) {
    return departed.remove(node) != null;
  }

  /** Forgets every departure: this JVM merged into another side, whose view of who left is the one that holds. */
  void clear() {
    departed.clear();
  }

  /** The nodes whose sockets leave their rooms now; none while this side lacks the quorum. */
  Set<String> dead(long now, boolean withQuorum) {
    departed.values().removeIf(d -> now - d.at() > MEMORY_MILLIS);
    if (!withQuorum) {
      quorumSince = -1;
      return Set.of();
    }
    if (quorumSince < 0) {
      quorumSince = now;
    }
    boolean settled = now - quorumSince >= GRACE_MILLIS;
    Set<String> dead = new HashSet<>();
    departed.forEach((node, d) -> {
      if (d.withQuorum() || settled) {
        dead.add(node);
      }
    });
    return dead;
  }
}
