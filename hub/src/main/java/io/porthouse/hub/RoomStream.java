package io.porthouse.hub;

import io.porthouse.core.envelope.Envelope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One room as this node sees it: its local members, and the node's delivery stream. Deliveries
 * come from whichever JVM sequenced them, so they can arrive out of order; each names the seq of
 * the previous delivery to this node ({@code prevSeq}), and the stream releases them strictly in
 * that chain: a delivery whose predecessor has not arrived waits in {@link #held}; one already
 * passed is a repeat and is dropped.
 */
final class RoomStream {

  /**
   * A local member: active once its join was answered; until then what arrives waits for it. Its
   * epoch is the one its last join was answered in: deliveries of another epoch are not for it
   * until its own membership is restated there (then it gets a reset).
   */
  static final class Sub {
    final LocalHub.Member member;
    /** The seq it joined at, then the last it was given: it gets only later ones. */
    long since;
    String epoch;
    List<Envelope> pending = new ArrayList<>();
    /**
     * Set while the room's sequencer does not count this member although this node does: the sequencer
     * dropped the node (the other side of a split did) and took it back for another socket here,
     * so until this member's own restate is answered the sequencer may skip the node for messages only
     * this member would get. What the stream releases for it waits here, to be merged, in order,
     * with what history holds for it ({@link LocalHub#restated}).
     */
    List<Envelope> unconfirmed;
    /** Its restate was answered and what it missed is being fetched ({@link #pending} holds the rest meanwhile). */
    boolean catchingUp;

    Sub(LocalHub.Member member) {
      this.member = member;
    }

    boolean active() {
      return pending == null;
    }
  }

  /** Most deliveries a room's stream holds behind a gap, or for a member the sequencer does not count yet. */
  static final int MAX_HELD = 10_000;

  final String room;
  final Map<String, Sub> subs = new LinkedHashMap<>();
  /** Whether the sequencer has told this node where its stream starts (the first join's nodeBase). */
  boolean started;
  /** Seq of the last delivery released. */
  long last;
  String epoch;
  /** Deliveries waiting for their predecessor, by prevSeq. */
  final TreeMap<Long, Envelope> held = new TreeMap<>();
  long heldSince;
  /** A fetch of missed deliveries from the room's history is on its way. */
  boolean repairing;
  /** History answered that it does not hold the deliveries the first held one waits for. */
  boolean unfillable;
  /** Rule {@code echo}: a sender here gets its own messages too. */
  boolean echo;

  RoomStream(String room) {
    this.room = room;
  }

  void hold(Envelope e, long nowMillis) {
    if (held.isEmpty()) {
      heldSince = nowMillis;
      unfillable = false;
    }
    held.put(e.prevSeq(), e);
  }
}
