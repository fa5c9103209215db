package io.porthouse.bridge;

import io.porthouse.bridge.wire.LinkFrame;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a link's peer sends, taken into the rooms here. A message is dropped if its hop seq was
 * taken before, if it has been in this cluster (a loop), or if its origin seq was taken before by
 * another path; otherwise it is injected with {@code via} grown by the peer, and its hop seq is
 * acknowledged once the room has it, in order. One that could not be taken ends the connection, so
 * the peer sends it again. When the rooms here are slower than the peer, the link stops reading.
 */
final class LinkIntake {

  private static final Logger LOG = LoggerFactory.getLogger(LinkIntake.class);

  /** A message injected into a room, waiting for the room's answer so that its hop seq is acknowledged in order. */
  private static final class Taking {
    final String epoch;
    final long seq;
    final String origin;
    final String originEpoch;
    final long originSeq;
    boolean done;
    boolean failed;

    Taking(String epoch, long seq, String origin, String originEpoch, long originSeq) {
      this.epoch = epoch;
      this.seq = seq;
      this.origin = origin;
      this.originEpoch = originEpoch;
      this.originSeq = originSeq;
    }
  }

  private final Link link;
  private final RoomTaps taps;
  private final Link.Rooms rooms;
  private final Origins origins;
  private final Inbound in;
  private final LinkCounts counts;
  private final String me;
  private final int buffer;
  private final Map<String, ArrayDeque<Taking>> taking = new HashMap<>();
  private final Set<String> unacked = new HashSet<>();
  private final Map<String, List<Envelope>> waiting = new HashMap<>();
  private int inFlight;

  LinkIntake(Link link, RoomTaps taps, Link.Rooms rooms, Origins origins, Inbound in, LinkCounts counts, String me,
             int buffer) {
    this.link = link;
    this.taps = taps;
    this.rooms = rooms;
    this.origins = origins;
    this.in = in;
    this.counts = counts;
    this.me = me;
    this.buffer = buffer;
  }

  /** A message the peer sent. */
  void msg(LinkSession s, Envelope e) {
    if (e.kind() == EnvelopeKind.CONTROL || e.to() != null) {
      // the server's own notices and receiver lists name this cluster's sockets: never a peer's to send
      throw new IllegalArgumentException("a " + (e.to() != null ? "message with receivers ('to')" : "control envelope")
          + " is not a peer's to send");
    }
    String room = e.room();
    if (!link.spec().direction().takes() || !link.spec().carries(room, rooms.meshOf(room))) {
      counts.refused++;
      return; // not carried into this cluster on this link: the peer's configuration differs
    }
    List<Envelope> held = waiting.get(room);
    if (held != null) {
      held.add(e); // behind the first, while the room is being made here
      return;
    }
    if (!rooms.carried(link, room)) { // a room of a pattern that this cluster has not had yet
      List<Envelope> first = new ArrayList<>(List.of(e));
      waiting.put(room, first);
      rooms.carryFor(link, room).onComplete(ar -> {
        waiting.remove(room);
        if (!link.isCurrent(s)) {
          return; // the peer sends them again after the reconnect
        }
        if (ar.failed()) {
          counts.refused += first.size();
          LOG.warn("bridge link {}: room '{}' cannot be made here: {}", link.name(), room, ar.cause().getMessage());
          return;
        }
        first.forEach(x -> take(s, x));
      });
      return;
    }
    take(s, e);
  }

  private void take(LinkSession s, Envelope e) {
    String room = e.room();
    if (e.epoch() == null || e.seq() < 1) {
      throw new IllegalArgumentException("a message without its room's seq and epoch");
    }
    counts.received++;
    counts.lagMillis = Math.max(0, System.currentTimeMillis() - e.receivedAt());
    String peer = link.peer();
    String[] origin = Origins.of(e, peer);
    ArrayDeque<Taking> queue = taking.computeIfAbsent(room, r -> new ArrayDeque<>());
    Taking t = new Taking(e.epoch(), e.seq(), origin[0], origin[1], Long.parseLong(origin[2]));
    if (in.seenHop(room, e.epoch(), e.seq())) {
      counts.duplicates++;
      return;
    }
    if (e.passedThrough(me) || origin[0].equals(me)) {
      counts.loops++;
      t.done = true;
    } else if (!origins.claim(room, t.origin, t.originEpoch, t.originSeq)) {
      counts.duplicates++; // another link brought it first (or is bringing it)
      t.done = true;
    }
    queue.addLast(t);
    if (t.done) {
      drain(room, queue);
      return;
    }
    String via = e.via() == null ? peer + ":" + e.epoch() + ":" + e.seq() : e.via() + "," + peer;
    String id = "bridge:" + t.origin + ":" + t.originEpoch + ":" + t.originSeq; // the room's dedupe window knows it
    inFlight++;
    if (inFlight >= buffer) {
      s.socket().pause(); // the rooms here are slower than the peer: stop reading until they catch up
    }
    taps.inject(room, id, e.client(), e.kind(), e.payload(), e.receivedAt(), via).onComplete(ar -> {
      inFlight--;
      if (inFlight < buffer / 2) {
        s.socket().resume();
      }
      if (ar.failed()) {
        ErrorCode code = BusErrors.toPorthouse(ar.cause()).code();
        if (code.serverSide()) {
          t.failed = true; // not taken: the peer sends it again after the reconnect this causes
          origins.release(room, t.origin, t.originEpoch, t.originSeq);
        } else {
          counts.refused++; // the room's rules here refuse it (size, format, send rules): it is not for this room
          LOG.debug("bridge link {}: room '{}' refused a message from {}: {}", link.name(), room, t.origin, ar.cause().getMessage());
        }
      }
      t.done = true;
      drain(room, queue);
    });
  }

  /** Acknowledges the room's taken messages in order; one that could not be taken ends the connection. */
  private void drain(String room, ArrayDeque<Taking> queue) {
    while (!queue.isEmpty() && queue.peekFirst().done) {
      Taking t = queue.pollFirst();
      if (t.failed) {
        queue.clear();
        link.closeCurrent("room '" + room + "' could not take a message; resending from " + in.cursors().getValue(room));
        return;
      }
      in.tookHop(room, t.epoch, t.seq);
      unacked.add(room);
    }
  }

  /** What was taken since the last ack, as the peer's {@code ack}; {@code null} if nothing was. */
  LinkFrame acks() {
    if (unacked.isEmpty()) {
      return null;
    }
    JsonObject acks = new JsonObject();
    for (String room : unacked) {
      Inbound.Point p = in.hops().get(room);
      if (p != null) {
        acks.put(room, p.toJson());
      }
    }
    unacked.clear();
    return LinkFrame.json(LinkFrame.ACK, new JsonObject().put("acks", acks));
  }

  /** The peer cannot send all it had for a room: what was taken of it is forgotten, its members here get a reset. */
  void reset(JsonObject reset) {
    String room = reset.getString("room");
    counts.resetsTaken++;
    in.forget(room);
    if (rooms.carried(link, room)) {
      LOG.warn("bridge link {}: cluster {} cannot send all it had for room '{}' ({}); its members here get a reset",
          link.name(), link.peer(), room, reset.getString("reason"));
      taps.queries().tellReset(room, link.peer(), reset.getString("reason"));
    }
  }

  /** The connection ended: what was being taken is sent again by the peer after the reconnect. */
  void connectionEnded() {
    taking.clear();
    waiting.clear();
    inFlight = 0;
  }
}
