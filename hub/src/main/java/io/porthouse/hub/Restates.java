package io.porthouse.hub;

import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.protocol.ServerFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Members the room's sequencer lost count of and took back. When a split made the sequencer drop this
 * node and it was added again for one socket, the node's other members here are not counted there
 * until each is restated: they are marked unconfirmed and reported, and what the stream releases
 * for them waits. Once a member's restate is answered, it gets what it missed from history, in
 * order, before anything newer; where history cannot give it all, a {@code reset} says so.
 */
final class Restates {

  private static final Logger LOG = LoggerFactory.getLogger(Restates.class);

  private final Map<String, RoomStream> streams;
  private final LocalHub.Repair repair;
  private final Fanout fanout;
  private BiConsumer<String, LocalHub.Member> unconfirmedHandler = (room, member) -> { };

  Restates(Map<String, RoomStream> streams, LocalHub.Repair repair, Fanout fanout) {
    this.streams = streams;
    this.repair = repair;
    this.fanout = fanout;
  }

  void onUnconfirmed(BiConsumer<String, LocalHub.Member> restate) {
    unconfirmedHandler = restate;
  }

  /** Every active member of {@code stream} but {@code readded} is unconfirmed until restated. */
  void unconfirmOthers(RoomStream stream, LocalHub.Member readded) {
    for (RoomStream.Sub other : stream.subs.values()) {
      if (other.member != readded && other.active() && other.unconfirmed == null) {
        other.unconfirmed = new ArrayList<>();
        unconfirmedHandler.accept(stream.room, other.member);
      }
    }
  }

  void restated(String room, LocalHub.Member member, long seq, String epoch, long nodeLast) {
    RoomStream stream = streams.get(room);
    RoomStream.Sub sub = stream == null ? null : stream.subs.get(member.id());
    if (sub == null || !sub.active() || epoch == null || !epoch.equals(sub.epoch)) {
      return;
    }
    long after;
    if (sub.unconfirmed != null) {
      after = sub.since; // counted again from here: what it has not had up to its join comes from history
    } else if (nodeLast >= 0 && nodeLast < seq) {
      // from where the node's stream is, if it is still behind (fetching a gap of its own)
      after = Math.min(nodeLast, stream.last);
    } else {
      return; // its node was sent everything
    }
    // the member gets every seq up to its join from history, in order, and the stream's later
    // release of those is dropped for it (a member never gets a seq at or below its last)
    List<Envelope> waited = sub.unconfirmed == null ? List.of() : sub.unconfirmed;
    sub.unconfirmed = null;
    sub.pending = new ArrayList<>(waited); // what the stream releases meanwhile waits, to keep the member's order
    sub.catchingUp = true;
    repair.fetch(room, after, seq).onComplete(ar -> {
      if (stream.subs.get(member.id()) != sub) {
        return; // it left meanwhile
      }
      TreeMap<Long, Envelope> due = new TreeMap<>();
      sub.pending.forEach(e -> due.put(e.seq(), e));
      sub.pending = null;
      sub.catchingUp = false;
      if (ar.succeeded() && holdsEvery(ar.result(), after, seq)) {
        for (Envelope e : ar.result()) {
          if (e.seq() > after && e.seq() <= seq && (e.to() == null || e.to().contains(member.id()))) {
            due.putIfAbsent(e.seq(), e);
          }
        }
        LOG.info("room {}: socket {} restated; {} messages after seq {} up to {} fetched from history for it",
            room, member.id(), ar.result().size(), after, seq);
      } else { // history could not be read, or no longer holds them all (off, expired, pushed out)
        due.headMap(seq, true).clear();
        fanout.control(member, ServerFrames.reset(room, epoch, seq, "messages after seq " + after + " up to " + seq
            + " could not be delivered"));
        sub.since = Math.max(sub.since, seq); // the reset says the member goes on after seq
      }
      for (Envelope e : due.values()) {
        fanout.offerCounted(stream, sub, e);
      }
    });
  }

  void restateFailed(String room, LocalHub.Member member) {
    RoomStream stream = streams.get(room);
    RoomStream.Sub sub = stream == null ? null : stream.subs.get(member.id());
    if (sub != null && sub.unconfirmed != null) {
      fanout.releaseUnconfirmed(stream, sub, "its membership could not be restated");
    }
  }

  /** Whether {@code fetched} (in seq order) holds every seq after {@code after} up to {@code upTo}. */
  private static boolean holdsEvery(List<Envelope> fetched, long after, long upTo) {
    long next = after + 1;
    for (Envelope e : fetched) {
      if (e.seq() == next) {
        next++;
      } else if (e.seq() > next) {
        break;
      }
    }
    return next > upTo;
  }
}
