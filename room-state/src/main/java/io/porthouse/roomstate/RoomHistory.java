package io.porthouse.roomstate;

import io.porthouse.core.bus.StoredMessage;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A room's recent messages, oldest first, kept in the step that sequences them (before any member
 * can be sent one): at most as many, as many payload bytes, and as old as the {@link HistoryLimits}
 * each keep brings allow, so a read or a resume's replay is never larger than those bounds.
 * Reads never change it (a read's entry is not written back, nor re-applied on backups): expiry
 * is checked on reads, pruned on the next keep. Part of the room's state; deterministic.
 */
final class RoomHistory implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final ArrayDeque<StoredMessage> messages = new ArrayDeque<>();
  /** The payload bytes {@link #messages} holds. */
  private long bytes;

  /** Keeps {@code m} (already given its seq) and drops the oldest beyond {@code limits}. */
  void keep(StoredMessage m, HistoryLimits limits, long now) {
    messages.addLast(m);
    bytes += m.payload().length;
    while (!messages.isEmpty() && (messages.size() > limits.size() || bytes > limits.maxBytes()
        || expired(messages.peekFirst(), limits, now))) {
      bytes -= messages.pollFirst().payload().length;
    }
  }

  /**
   * The messages after {@code since} up to {@code upTo} (inclusive), oldest first, at most
   * {@code limit}; with {@code reader} only those it may see ({@code to}).
   */
  List<StoredMessage> between(long since, long upTo, String reader, int limit, HistoryLimits limits, long now) {
    List<StoredMessage> out = new ArrayList<>();
    for (StoredMessage m : messages) {
      if (out.size() >= limit) {
        break;
      }
      if (m.seq() > since && m.seq() <= upTo && !expired(m, limits, now) && (reader == null || m.visibleTo(reader))) {
        out.add(m);
      }
    }
    return out;
  }

  /** Whether every message after {@code since} is still held (none expired or pushed out). */
  boolean holdsAllAfter(long since, HistoryLimits limits, long now) {
    for (StoredMessage m : messages) { // oldest first: the first one still valid must be since + 1 or earlier
      if (!expired(m, limits, now)) {
        return m.seq() <= since + 1;
      }
    }
    return false;
  }

  private static boolean expired(StoredMessage m, HistoryLimits limits, long now) {
    return now - m.at() > limits.ttlMillis();
  }
}
