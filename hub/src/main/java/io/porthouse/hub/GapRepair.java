package io.porthouse.hub;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.protocol.ServerFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Fills the gaps of this node's room streams. Deliveries that waited longer than
 * {@code repairMillis} for a predecessor that has not come (a delivery lost in flight, or its
 * sequencer died between sequencing and fan-out) make the node fetch the messages in between from
 * the room's history and release them in order first. A gap is given up only when it truly cannot
 * be filled, and never quietly:
 * <ul>
 *   <li>history answered and does not hold them (history off, expired, pushed out): after
 *       {@code waitMillis} (a late delivery may still come) the node goes on;</li>
 *   <li>history cannot be asked (its sequencer is failing over, the cluster is merging): the node
 *       keeps asking, holding what came after, for up to {@link #MAX_HOLD_MILLIS} or
 *       {@link RoomStream#MAX_HELD} deliveries, then goes on.</li>
 * </ul>
 * Going on, every member here gets a {@code reset} naming the seq the room continues after
 * (what came before it may be missing); the gap is logged and counted ({@code gapsSkipped}).
 */
final class GapRepair {

  private static final Logger LOG = LoggerFactory.getLogger(GapRepair.class);
  /** Longest a node holds deliveries behind a gap it cannot yet ask history about. */
  static final long MAX_HOLD_MILLIS = 120_000;

  private final Map<String, RoomStream> streams;
  private final LocalHub.Repair repair;
  private final Fanout fanout;
  private long skipped;
  private long repaired;

  GapRepair(Map<String, RoomStream> streams, LocalHub.Repair repair, Fanout fanout) {
    this.streams = streams;
    this.repair = repair;
    this.fanout = fanout;
  }

  long skipped() {
    return skipped;
  }

  long repaired() {
    return repaired;
  }

  void check(long nowMillis, long repairMillis, long waitMillis) {
    for (RoomStream stream : List.copyOf(streams.values())) {
      if (!stream.started || stream.held.isEmpty()) {
        continue;
      }
      long waited = nowMillis - stream.heldSince;
      if (waited > repairMillis && !stream.repairing && !stream.unfillable) {
        fetch(stream);
      }
      boolean lost = stream.unfillable && waited > waitMillis;
      boolean tooLong = waited > Math.max(waitMillis, MAX_HOLD_MILLIS) || stream.held.size() > RoomStream.MAX_HELD;
      if (lost || tooLong) {
        skip(stream, nowMillis, lost ? "history does not hold them" : "history could not be read");
      }
    }
  }

  private void skip(RoomStream stream, long nowMillis, String why) {
    Envelope first = stream.held.pollFirstEntry().getValue();
    LOG.warn("room {}: deliveries after seq {} up to {} never arrived and {}; members are told (reset) and it goes on",
        stream.room, stream.last, first.prevSeq(), why);
    skipped++;
    String reset = ServerFrames.reset(stream.room, first.epoch(), first.prevSeq(), "messages after seq " + stream.last
        + " up to " + first.prevSeq() + " could not be delivered");
    for (RoomStream.Sub sub : stream.subs.values()) {
      if (sub.active()) {
        fanout.control(sub.member, reset);
      }
    }
    stream.last = first.prevSeq();
    stream.unfillable = false;
    fanout.release(stream, first);
    fanout.drain(stream);
    stream.heldSince = nowMillis;
  }

  private void fetch(RoomStream stream) {
    long after = stream.last;
    long upTo = stream.held.firstKey();
    stream.repairing = true;
    repair.fetch(stream.room, after, upTo).onComplete(ar -> {
      stream.repairing = false;
      if (ar.failed() || streams.get(stream.room) != stream) {
        return; // asked again at the next check
      }
      List<Envelope> missed = ar.result();
      long next = stream.last + 1; // the stream may have moved on meanwhile (a late delivery came)
      for (Envelope e : missed) {
        if (e.seq() < next) {
          continue;
        }
        if (e.seq() != next || next > upTo) {
          break;
        }
        next++;
      }
      if (next <= upTo) {
        stream.unfillable = stream.last == after; // history does not hold them: wait for a late delivery, then go on
        return;
      }
      for (Envelope e : missed) {
        if (e.seq() > stream.last && e.seq() <= upTo) {
          fanout.release(stream, e); // to this node's members it was for (offer filters sender and 'to')
        }
      }
      stream.last = Math.max(stream.last, upTo);
      repaired++;
      LOG.info("room {}: missed deliveries after seq {} up to {} fetched from history", stream.room, after, upTo);
      fanout.drain(stream);
    });
  }
}
