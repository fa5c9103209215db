package io.porthouse.rooms.state;

import java.io.Serializable;

/**
 * How much of its recent past a room keeps (server-wide config {@code history.*}): at most
 * {@code size} messages, none older than {@code ttlMillis}. {@code size} 0 keeps none.
 */
public record HistoryLimits(int size, long ttlMillis) implements Serializable {

  public static final HistoryLimits NONE = new HistoryLimits(0, 0);

  /** The stricter of these limits and {@code other} in each dimension (the server's and a room's own). */
  public HistoryLimits within(HistoryLimits other) {
    return new HistoryLimits(Math.min(size, other.size), Math.min(ttlMillis, other.ttlMillis));
  }
}
