package io.porthouse.roomstate;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A room's webhook events not yet delivered, in the order the room made them, kept in the room's
 * state: so on its backups too, and a JVM that dies with events to deliver loses none of them
 * (the next deliverer sends what was not acknowledged, under the same ids). One deliverer at a
 * time holds a lease on it ({@link #claim}); what it delivered it acknowledges ({@link #ack}),
 * which renews the lease. Bounded: at most {@link #MAX_EVENTS} events and {@link #MAX_BYTES} of
 * them; past that the oldest go, counted, and the next batch delivered says how many
 * ({@code dropped}). Deterministic, single-threaded: part of {@link RoomState}.
 */
final class RoomOutbox implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  /** Most events a room holds for delivery. */
  static final int MAX_EVENTS = 1000;
  /** Most bytes of events a room holds for delivery. */
  static final int MAX_BYTES = 1 << 20;

  /** One event: its number in the room and its JSON text. */
  record Event(long no, String json) implements Serializable {
  }

  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private long lastNo;
  private long bytes;
  /** Events dropped (the bound) and not yet told to the application. */
  private long dropped;
  private String leaseNode;
  private long leaseUntil;

  /** The number the next event gets. */
  long nextNo() {
    return lastNo + 1;
  }

  /** Appends an event numbered {@link #nextNo()}; drops the oldest past the bound. */
  void add(String json) {
    Event e = new Event(++lastNo, json);
    events.addLast(e);
    bytes += json.length();
    while (events.size() > MAX_EVENTS || bytes > MAX_BYTES && events.size() > 1) {
      bytes -= events.removeFirst().json().length();
      dropped++;
    }
  }

  boolean isEmpty() {
    return events.isEmpty();
  }

  /** Events wait and nobody holds a live lease on them (their deliverer died, or none was asked). */
  boolean orphaned(long now) {
    return !events.isEmpty() && (leaseNode == null || leaseUntil <= now);
  }

  /**
   * {@code node} takes (or renews) the lease until {@code now + leaseMillis} and is given the first
   * {@code max} events; {@code null} when another node holds a live lease.
   */
  OutboxBatch claim(String node, long now, long leaseMillis, int max) {
    if (leaseNode != null && !leaseNode.equals(node) && leaseUntil > now) {
      return OutboxBatch.BUSY;
    }
    if (events.isEmpty()) {
      leaseNode = null;
      return OutboxBatch.EMPTY;
    }
    leaseNode = node;
    leaseUntil = now + leaseMillis;
    List<String> batch = new ArrayList<>(Math.min(max, events.size()));
    long last = 0;
    for (Iterator<Event> it = events.iterator(); it.hasNext() && batch.size() < max; ) {
      Event e = it.next();
      batch.add(e.json());
      last = e.no();
    }
    return new OutboxBatch(batch.toArray(new String[0]), last, dropped);
  }

  /**
   * {@code node} delivered every event up to {@code upTo} and told {@code droppedTold} drops:
   * they go, and it is given the next batch (its lease renewed), or the lease is released when
   * none is left. A node whose lease lapsed to another acknowledges nothing ({@code BUSY}).
   */
  OutboxBatch ack(String node, long upTo, long droppedTold, long now, long leaseMillis, int max) {
    if (!node.equals(leaseNode)) {
      return OutboxBatch.BUSY;
    }
    while (!events.isEmpty() && events.peekFirst().no() <= upTo) {
      bytes -= events.removeFirst().json().length();
    }
    dropped = Math.max(0, dropped - droppedTold);
    return claim(node, now, leaseMillis, max);
  }
}
