package io.porthouse.roomstate;

import io.porthouse.core.envelope.EnvelopeKind;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The replies a room gave its most recent sequenced messages, by key, within the dedupe window
 * ({@link DedupeWindow}: at most so many, none older than so long), so the same message asked
 * again gets the same seq. Part of {@link RoomState}.
 *
 * <p>Kept in a ring of slots (parallel arrays, oldest first) with an open-addressing index by key,
 * not as a map entry, a holder and a reply object per message: a room remembers every message
 * for two minutes by default, so those objects were most of what a busy server's heap held and
 * what each young collection copied (bench/RESULTS.md, many rooms). A reply to one node (every
 * reply of a single JVM) keeps no array either; only the key stays an object.
 */
final class RecentReplies implements Serializable {

  @Serial
  private static final long serialVersionUID = 2L;
  private static final int FIRST_SLOTS = 8;
  private static final EnvelopeKind[] KINDS = EnvelopeKind.values();
  private static final String[] NO_NODES = new String[0];
  private static final long[] NO_PREVS = new long[0];

  // slot i (0 ≤ i < count) is at (head + i) % keys.length, oldest first
  private transient String[] keys;
  private transient String[] envelopeIds;
  private transient long[] seqs;
  private transient long[] ats;
  private transient String[] epochs;
  /** The only node a reply went to, when it went to one. */
  private transient String[] node0s;
  private transient long[] prev0s;
  /** The nodes and their previous seqs, when a reply went to more than one. */
  private transient String[][] nodes;
  private transient long[][] prevs;
  /** The kind a message was delivered as, {@code -1} for as sent. */
  private transient byte[] deliveredAs;
  private transient String[] keepers;
  private transient int head;
  private transient int count;
  /** Open addressing, linear probing: slot + 1 of the key hashed there, 0 for none; twice as long as the ring at least. */
  private transient int[] index;
  /** Where {@link #hash} starts: drawn when the ring is made, unknown to clients. */
  private transient int seed;

  /**
   * The reply again for {@code key} if it was sequenced within the window, else {@code null}: the
   * same envelope resent inside the cluster (its sequencer died mid-call) is answered as before,
   * deliveries included; another envelope with the key (a client's retry with the same {@code id})
   * is answered the first seq with nothing to deliver.
   */
  RoomReply.Sequenced again(String key, String envelopeId) {
    int slot = find(key);
    if (slot < 0) {
      return null;
    }
    EnvelopeKind kind = deliveredAs[slot] < 0 ? null : KINDS[deliveredAs[slot]];
    if (!envelopeId.equals(envelopeIds[slot])) {
      return new RoomReply.Sequenced(seqs[slot], epochs[slot], NO_NODES, NO_PREVS, kind, null, true);
    }
    String[] to = nodes[slot] != null ? nodes[slot] : node0s[slot] != null ? new String[] {node0s[slot]} : NO_NODES;
    long[] after = prevs[slot] != null ? prevs[slot] : node0s[slot] != null ? new long[] {prev0s[slot]} : NO_PREVS;
    return new RoomReply.Sequenced(seqs[slot], epochs[slot], to, after, kind, keepers[slot], true);
  }

  /** Remembers {@code reply} for {@code key}, and forgets what falls out of {@code window}. */
  void remember(String key, String envelopeId, RoomReply.Sequenced reply, DedupeWindow window, long now) {
    if (window.size() <= 0) {
      return;
    }
    if (keys == null) {
      allocate(Math.min(FIRST_SLOTS, window.size()));
    }
    int slot = find(key);
    if (slot < 0) {
      while (count > 0 && (count >= window.size() || now - ats[head] > window.millis())) {
        forgetOldest();
      }
      if (count == keys.length) {
        resize(Math.min(keys.length * 2, window.size()));
      }
      slot = (head + count) % keys.length;
      keys[slot] = key;
      count++;
      insert(slot);
    }
    envelopeIds[slot] = envelopeId;
    seqs[slot] = reply.seq();
    ats[slot] = now;
    epochs[slot] = reply.epoch();
    boolean one = reply.nodes().length == 1;
    node0s[slot] = one ? reply.nodes()[0] : null;
    prev0s[slot] = one ? reply.prevs()[0] : 0;
    nodes[slot] = reply.nodes().length > 1 ? reply.nodes() : null;
    prevs[slot] = reply.nodes().length > 1 ? reply.prevs() : null;
    deliveredAs[slot] = reply.deliveredAs() == null ? -1 : (byte) reply.deliveredAs().ordinal();
    keepers[slot] = reply.keeper();
  }

  int size() {
    return count;
  }

  private void forgetOldest() {
    remove(head);
    keys[head] = null;
    envelopeIds[head] = null;
    epochs[head] = null;
    node0s[head] = null;
    nodes[head] = null;
    prevs[head] = null;
    keepers[head] = null;
    head = (head + 1) % keys.length;
    count--;
    if (count == 0) {
      head = 0;
      if (keys.length > FIRST_SLOTS * 4) {
        allocate(FIRST_SLOTS); // quiet again: give the memory back
      }
    }
  }

  /**
   * FNV-1a over the key's characters from a random start per ring: a client chooses its ids, and
   * ids made to collide under {@code String.hashCode} (easy to make) would otherwise share one
   * probe run of up to the window's size.
   */
  private int hash(String key) {
    int h = seed;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  /** The slot holding {@code key}, or -1. */
  private int find(String key) {
    if (keys == null) {
      return -1;
    }
    int mask = index.length - 1;
    for (int p = hash(key) & mask; index[p] != 0; p = (p + 1) & mask) {
      int slot = index[p] - 1;
      if (key.equals(keys[slot])) {
        return slot;
      }
    }
    return -1;
  }

  private void insert(int slot) {
    int mask = index.length - 1;
    int p = hash(keys[slot]) & mask;
    while (index[p] != 0) {
      p = (p + 1) & mask;
    }
    index[p] = slot + 1;
  }

  /** Takes {@code slot} out of the index, moving back the entries of its probe run (no tombstones). */
  private void remove(int slot) {
    int mask = index.length - 1;
    int p = hash(keys[slot]) & mask;
    while (index[p] != slot + 1) {
      p = (p + 1) & mask;
    }
    index[p] = 0;
    for (int q = (p + 1) & mask; index[q] != 0; q = (q + 1) & mask) {
      int home = hash(keys[index[q] - 1]) & mask;
      // the entry at q may fill the hole at p unless its home lies cyclically in (p, q]
      boolean stays = p <= q ? p < home && home <= q : p < home || home <= q;
      if (!stays) {
        index[p] = index[q];
        index[q] = 0;
        p = q;
      }
    }
  }

  private void allocate(int slots) {
    keys = new String[slots];
    envelopeIds = new String[slots];
    seqs = new long[slots];
    ats = new long[slots];
    epochs = new String[slots];
    node0s = new String[slots];
    prev0s = new long[slots];
    nodes = new String[slots][];
    prevs = new long[slots][];
    deliveredAs = new byte[slots];
    keepers = new String[slots];
    index = new int[Integer.highestOneBit(Math.max(2, slots) * 2 - 1) * 2];
    seed = ThreadLocalRandom.current().nextInt();
    head = 0;
    count = 0;
  }

  /** Moves the slots, oldest first, into arrays of {@code slots}, and indexes them again. */
  private void resize(int slots) {
    String[] k = keys;
    String[] e = envelopeIds;
    long[] s = seqs;
    long[] a = ats;
    String[] ep = epochs;
    String[] n0 = node0s;
    long[] p0 = prev0s;
    String[][] n = nodes;
    long[][] pr = prevs;
    byte[] d = deliveredAs;
    String[] kp = keepers;
    int oldHead = head;
    int kept = count;
    allocate(slots);
    for (int i = 0; i < kept; i++) {
      int from = (oldHead + i) % k.length;
      keys[i] = k[from];
      envelopeIds[i] = e[from];
      seqs[i] = s[from];
      ats[i] = a[from];
      epochs[i] = ep[from];
      node0s[i] = n0[from];
      prev0s[i] = p0[from];
      nodes[i] = n[from];
      prevs[i] = pr[from];
      deliveredAs[i] = d[from];
      keepers[i] = kp[from];
      insert(i);
    }
    count = kept;
  }

  /** Written as the remembered replies, oldest first (not the arrays' spare room). */
  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      int slot = (head + i) % keys.length;
      out.writeObject(keys[slot]);
      out.writeObject(envelopeIds[slot]);
      out.writeLong(seqs[slot]);
      out.writeLong(ats[slot]);
      out.writeObject(epochs[slot]);
      out.writeObject(node0s[slot]);
      out.writeLong(prev0s[slot]);
      out.writeObject(nodes[slot]);
      out.writeObject(prevs[slot]);
      out.writeByte(deliveredAs[slot]);
      out.writeObject(keepers[slot]);
    }
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    int n = in.readInt();
    if (n == 0) {
      return;
    }
    allocate(Math.max(n, FIRST_SLOTS));
    for (int i = 0; i < n; i++) {
      keys[i] = (String) in.readObject();
      envelopeIds[i] = (String) in.readObject();
      seqs[i] = in.readLong();
      ats[i] = in.readLong();
      epochs[i] = (String) in.readObject();
      node0s[i] = (String) in.readObject();
      prev0s[i] = in.readLong();
      nodes[i] = (String[]) in.readObject();
      prevs[i] = (long[]) in.readObject();
      deliveredAs[i] = in.readByte();
      keepers[i] = (String) in.readObject();
      count++;
      insert(i);
    }
  }
}
