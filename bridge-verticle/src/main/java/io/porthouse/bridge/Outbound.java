package io.porthouse.bridge;

import io.porthouse.core.envelope.Envelope;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one link owes its peer: the carried rooms' messages, in each room's seq order, kept until
 * the peer acknowledges them, at most {@code capacity} (the link's bound). When full, the oldest is
 * dropped and its room remembers it lost something: after the peer reconnects, what it missed is
 * read back from the room's history, or, if history no longer has it, the peer is told to reset
 * the room. Per room, {@link Mark#base} is the seq up to which the peer has it or cannot get it
 * from this buffer.
 */
final class Outbound {

  /** A room's standing on this link: its epoch here, and up to which seq the buffer no longer holds anything. */
  static final class Mark {
    String epoch;
    long base;
    /** A read from history is on its way: the room's buffered messages wait behind it. */
    boolean catchingUp;
    /** A room new in this cluster: a peer that has nothing of it gets it from its first message. */
    boolean fromStart;

    Mark(String epoch, long base) {
      this.epoch = epoch;
      this.base = base;
    }
  }

  private final int capacity;
  private final ArrayDeque<Envelope> items = new ArrayDeque<>();
  private final Map<String, Mark> marks = new HashMap<>();
  private long evicted;

  Outbound(int capacity) {
    this.capacity = capacity;
  }

  /** The room is carried from its {@code seq} in {@code epoch} on (the listener's join). */
  void start(String room, String epoch, long seq) {
    Mark m = marks.get(room);
    if (m == null || !epoch.equals(m.epoch)) {
      marks.put(room, new Mark(epoch, seq));
    }
  }

  /** The room was made again here: what the buffer holds of its old epoch is gone for good. */
  void restarted(String room, String epoch, long seq) {
    marks.put(room, new Mark(epoch, seq));
  }

  void stop(String room) {
    marks.remove(room);
  }

  Mark mark(String room) {
    return marks.get(room);
  }

  Map<String, Mark> marks() {
    return marks;
  }

  /** A delivery for the peer; the oldest held message is dropped if the bound is reached. */
  void add(Envelope e) {
    Mark m = marks.get(e.room());
    if (m == null) {
      return;
    }
    if (!e.epoch().equals(m.epoch)) {
      restarted(e.room(), e.epoch(), e.seq() - 1);
    }
    while (items.size() >= capacity) {
      Envelope old = items.pollFirst();
      Mark om = marks.get(old.room());
      if (om != null && old.epoch().equals(om.epoch) && old.seq() > om.base) {
        om.base = old.seq(); // the peer can now get it only from history
        evicted++;
      }
    }
    items.addLast(e);
  }

  /** The peer has the room's messages up to {@code seq}: they leave the buffer as they reach its head. */
  void acked(String room, String epoch, long seq) {
    Mark m = marks.get(room);
    if (m != null && epoch.equals(m.epoch) && seq > m.base) {
      m.base = seq;
    }
    while (!items.isEmpty() && isDone(items.peekFirst())) {
      items.pollFirst();
    }
  }

  private boolean isDone(Envelope e) {
    Mark m = marks.get(e.room());
    return m == null || !e.epoch().equals(m.epoch) || e.seq() <= m.base;
  }

  /** Held messages of rooms not catching up, after {@code after(room)}, in order. */
  void forEachPending(Map<String, Long> after, Consumer<Envelope> send) {
    for (Iterator<Envelope> it = items.iterator(); it.hasNext(); ) {
      Envelope e = it.next();
      Mark m = marks.get(e.room());
      if (m == null || m.catchingUp || !e.epoch().equals(m.epoch)) {
        continue;
      }
      Long from = after.get(e.room());
      if (e.seq() > (from == null ? m.base : from)) {
        send.accept(e);
      }
    }
  }

  /** Held messages of one room after {@code after}, in order. */
  void forEachPending(String room, long after, Consumer<Envelope> send) {
    Mark m = marks.get(room);
    for (Envelope e : items) {
      if (e.room().equals(room) && m != null && e.epoch().equals(m.epoch) && e.seq() > after) {
        send.accept(e);
      }
    }
  }

  int size() {
    return items.size();
  }

  long evicted() {
    return evicted;
  }
}
