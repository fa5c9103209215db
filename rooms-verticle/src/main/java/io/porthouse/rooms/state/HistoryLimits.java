package io.porthouse.rooms.state;

import java.io.Serializable;

/**
 * How much of its recent past a room keeps (server-wide config {@code history.*}): at most
 * {@code size} messages, none older than {@code ttlMillis}. {@code size} 0 keeps none.
 */
public record HistoryLimits(int size, long ttlMillis) implements Serializable {

  public static final HistoryLimits NONE = new HistoryLimits(0, 0);
}
