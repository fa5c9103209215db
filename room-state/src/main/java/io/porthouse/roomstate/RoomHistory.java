package io.porthouse.roomstate;

import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.envelope.EnvelopeKind;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A room's recent messages, oldest first, kept in the step that sequences them (before any member
 * can be sent one): at most as many, as many payload bytes, and as old as the {@link HistoryLimits}
 * each keep brings allow, so a read or a resume's replay is never larger than those bounds.
 * Reads never change it (a read's entry is not written back, nor re-applied on backups): expiry
 * is checked on reads, pruned on the next keep. Part of the room's state; deterministic.
 *
 * <p>Kept in a ring of slots (parallel arrays) and one byte arena for the payloads, not as an
 * object per message: a message kept lives for minutes, so each object of it would be copied by
 * every young collection until it is promoted. With history on by default, those copies were most
 * of a young pause of the many-rooms bench (bench/RESULTS.md). The arrays grow as the room sends
 * and shrink when it is quiet; a message is a {@link StoredMessage} again only when read.
 */
final class RoomHistory implements Serializable {

  @Serial
  private static final long serialVersionUID = 2L;
  private static final int FIRST_SLOTS = 8;
  private static final int FIRST_ARENA = 1024;
  private static final EnvelopeKind[] KINDS = EnvelopeKind.values();

  // slot i (0 ≤ i < count) is at (head + i) % seqs.length, oldest first
  private transient long[] seqs;
  private transient long[] ats;
  private transient byte[] kinds;
  private transient int[] offsets;
  private transient int[] lengths;
  private transient String[] sockets;
  private transient String[] clients;
  private transient String[] vias;
  private transient List<?>[] tos;
  private transient int head;
  private transient int count;
  /** The payloads, appended at {@link #arenaEnd}; those of the kept messages lie in [{@code offsets[head]}, {@code arenaEnd}). */
  private transient byte[] arena;
  private transient int arenaEnd;
  /** The payload bytes the kept messages hold. */
  private transient long bytes;

  /**
   * Keeps message {@code seq} (delivered as {@code kind}, sequenced at {@code at}) with the sender,
   * payload and receivers of {@code m}, and drops the oldest beyond {@code limits}.
   */
  void keep(long seq, EnvelopeKind kind, long at, StoredMessage m, HistoryLimits limits) {
    byte[] payload = m.payload();
    if (seqs == null) {
      allocate(FIRST_SLOTS, Math.max(FIRST_ARENA, payload.length));
    }
    dropOldest(limits, at, 1, payload.length);
    if (limits.size() <= 0 || payload.length > limits.maxBytes()) {
      return; // none kept (dropOldest emptied it), or larger than the whole bound
    }
    if (count == seqs.length) {
      resizeSlots(seqs.length * 2);
    }
    int offset = place(payload.length);
    System.arraycopy(payload, 0, arena, offset, payload.length);
    int slot = (head + count) % seqs.length;
    seqs[slot] = seq;
    ats[slot] = at;
    kinds[slot] = (byte) kind.ordinal();
    offsets[slot] = offset;
    lengths[slot] = payload.length;
    sockets[slot] = m.socket();
    clients[slot] = m.client();
    vias[slot] = m.via();
    tos[slot] = m.to();
    count++;
    arenaEnd = offset + payload.length;
    bytes += payload.length;
  }

  /** Drops the oldest while more than {@code limits} would be kept with {@code adding} more messages of {@code addingBytes}. */
  private void dropOldest(HistoryLimits limits, long now, int adding, long addingBytes) {
    while (count > 0 && (count + adding > limits.size() || bytes + addingBytes > limits.maxBytes()
        || expired(head, limits, now))) {
      bytes -= lengths[head];
      sockets[head] = null;
      clients[head] = null;
      vias[head] = null;
      tos[head] = null;
      head = (head + 1) % seqs.length;
      count--;
    }
    if (count == 0) {
      head = 0;
      arenaEnd = 0;
      if (seqs.length > FIRST_SLOTS * 4 || arena.length > FIRST_ARENA * 4) {
        allocate(FIRST_SLOTS, FIRST_ARENA); // quiet again: give the memory back
      }
    }
  }

  /**
   * Where {@code length} payload bytes go: after the newest payload if the arena has room, else the
   * kept payloads are moved to its start first (into a larger or smaller arena if that is what
   * they need: half as large again as their size, so a move comes after at least a third of it
   * was appended).
   */
  private int place(int length) {
    if (arenaEnd + length <= arena.length) {
      return arenaEnd;
    }
    int start = count == 0 ? arenaEnd : offsets[head];
    long live = arenaEnd - start;
    long needed = live + length;
    int size = arena.length;
    if (needed + needed / 4 > size) {
      size = (int) Math.min(Integer.MAX_VALUE - 8, needed + needed / 2);
    } else if (needed * 3 < size && size > FIRST_ARENA) {
      size = (int) Math.max(FIRST_ARENA, needed + needed / 2);
    }
    byte[] moved = size == arena.length ? arena : new byte[size];
    System.arraycopy(arena, start, moved, 0, (int) live);
    for (int i = 0; i < count; i++) {
      offsets[(head + i) % seqs.length] -= start;
    }
    arena = moved;
    arenaEnd = (int) live;
    return arenaEnd;
  }

  /**
   * The messages after {@code since} up to {@code upTo} (inclusive), oldest first, at most
   * {@code limit}; with {@code reader} only those it may see ({@code to}).
   */
  List<StoredMessage> between(long since, long upTo, String reader, int limit, HistoryLimits limits, long now) {
    List<StoredMessage> out = new ArrayList<>();
    for (int i = 0; i < count && out.size() < limit; i++) {
      int slot = (head + i) % seqs.length;
      if (seqs[slot] > since && seqs[slot] <= upTo && !expired(slot, limits, now)) {
        StoredMessage m = message(slot);
        if (reader == null || m.visibleTo(reader)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** Whether every message after {@code since} is still held (none expired or pushed out). */
  boolean holdsAllAfter(long since, HistoryLimits limits, long now) {
    for (int i = 0; i < count; i++) { // oldest first: the first one still valid must be since + 1 or earlier
      int slot = (head + i) % seqs.length;
      if (!expired(slot, limits, now)) {
        return seqs[slot] <= since + 1;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private StoredMessage message(int slot) {
    byte[] payload = Arrays.copyOfRange(arena, offsets[slot], offsets[slot] + lengths[slot]);
    return new StoredMessage(seqs[slot], sockets[slot], clients[slot], KINDS[kinds[slot]], payload,
        (List<String>) tos[slot], ats[slot], vias[slot]);
  }

  private boolean expired(int slot, HistoryLimits limits, long now) {
    return now - ats[slot] > limits.ttlMillis();
  }

  private void allocate(int slots, int arenaBytes) {
    seqs = new long[slots];
    ats = new long[slots];
    kinds = new byte[slots];
    offsets = new int[slots];
    lengths = new int[slots];
    sockets = new String[slots];
    clients = new String[slots];
    vias = new String[slots];
    tos = new List<?>[slots];
    arena = new byte[arenaBytes];
    head = 0;
    count = 0;
    arenaEnd = 0;
    bytes = 0;
  }

  /** Copies the slots, oldest first, into arrays of {@code size} (payloads stay where they are). */
  private void resizeSlots(int size) {
    long[] s = new long[size];
    long[] a = new long[size];
    byte[] k = new byte[size];
    int[] o = new int[size];
    int[] l = new int[size];
    String[] so = new String[size];
    String[] c = new String[size];
    String[] v = new String[size];
    List<?>[] t = new List<?>[size];
    for (int i = 0; i < count; i++) {
      int from = (head + i) % seqs.length;
      s[i] = seqs[from];
      a[i] = ats[from];
      k[i] = kinds[from];
      o[i] = offsets[from];
      l[i] = lengths[from];
      so[i] = sockets[from];
      c[i] = clients[from];
      v[i] = vias[from];
      t[i] = tos[from];
    }
    seqs = s;
    ats = a;
    kinds = k;
    offsets = o;
    lengths = l;
    sockets = so;
    clients = c;
    vias = v;
    tos = t;
    head = 0;
  }

  /** Written as the kept messages, oldest first (not the arrays' spare room). */
  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.writeObject(message((head + i) % seqs.length));
    }
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    int n = in.readInt();
    HistoryLimits all = new HistoryLimits(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
    for (int i = 0; i < n; i++) {
      StoredMessage m = (StoredMessage) in.readObject();
      keep(m.seq(), m.kind(), m.at(), m, all);
    }
  }
}
