package io.porthouse.ingress;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * When the tokens of this node's sockets expire: each socket holding a token with {@code exp} is
 * watched, and {@link #tick} (once a second, on the ingress event loop) tells those whose token
 * has expired. One ordered map for the node, not a timer per socket. Touched only on the
 * ingress event loop.
 */
public final class TokenExpiries {

  /** A socket whose token can expire. */
  public interface Holder {
    /** Its token's {@code exp} passed. */
    void tokenExpired();
  }

  private final TreeMap<Long, Set<Holder>> byTime = new TreeMap<>();
  private final Map<Holder, Long> due = new HashMap<>();

  /** Tells {@code holder} when {@code atMillis} has passed (replacing what it was watched for before). */
  public void watch(Holder holder, long atMillis) {
    unwatch(holder);
    due.put(holder, atMillis);
    byTime.computeIfAbsent(atMillis, t -> new LinkedHashSet<>()).add(holder);
  }

  public void unwatch(Holder holder) {
    Long at = due.remove(holder);
    if (at != null) {
      Set<Holder> same = byTime.get(at);
      same.remove(holder);
      if (same.isEmpty()) {
        byTime.remove(at);
      }
    }
  }

  /** Tells every holder whose time is at or before {@code nowMillis}. */
  public void tick(long nowMillis) {
    while (!byTime.isEmpty() && byTime.firstKey() <= nowMillis) {
      for (Holder h : byTime.pollFirstEntry().getValue()) {
        due.remove(h);
        h.tokenExpired();
      }
    }
  }

  /** Sockets watched (for tests and health). */
  public int size() {
    return due.size();
  }
}
