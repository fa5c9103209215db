package io.porthouse.bridge;

import io.porthouse.bridge.wire.LinkFrame;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * What a link sends its peer: each delivery of a carried room (in seq order, from the listener),
 * held in the link's {@link Outbound} buffer until acknowledged, but never to a cluster it has been
 * in ({@link Envelope#passedThrough}) and never a {@code to} message (its receivers are this
 * cluster's sockets). After a reconnect each room goes on from where the peer is: from the buffer,
 * from the room's history where the buffer no longer reaches, or with a {@code reset} where
 * neither does.
 */
final class LinkFeed {

  private final Link link;
  private final RoomTaps taps;
  private final LinkCounts counts;
  private final String me;
  private final int buffer;
  private final Outbound out;

  LinkFeed(Link link, RoomTaps taps, LinkCounts counts, String me, int buffer) {
    this.link = link;
    this.taps = taps;
    this.counts = counts;
    this.me = me;
    this.buffer = buffer;
    this.out = new Outbound(buffer);
  }

  void carry(String room, String epoch, long seq, boolean fromStart) {
    boolean known = out.mark(room) != null;
    out.start(room, epoch, seq);
    Outbound.Mark m = out.mark(room);
    if (!known && fromStart && seq > 0) {
      m.fromStart = true;
      if (link.open() && link.spec().direction().sends()) {
        catchUp(link.current(), room, m, 0);
      }
    }
  }

  void uncarry(String room) {
    out.stop(room);
  }

  void delivered(Envelope e) {
    String peer = link.peer();
    if (!link.spec().direction().sends() || e.to() != null || e.kind() == EnvelopeKind.CONTROL
        || peer != null && e.passedThrough(peer)) {
      return; // not for the peer: it came from there (the peer's name is known once it connected, or configured)
    }
    out.add(e);
    Outbound.Mark m = out.mark(e.room());
    if (link.open() && m != null && !m.catchingUp) {
      send(e);
    }
  }

  void restarted(String room, String epoch, long seq) {
    Outbound.Mark old = out.mark(room);
    if (old == null || old.epoch.equals(epoch)) {
      return;
    }
    out.restarted(room, epoch, seq);
    if (link.open()) {
      sendReset(room, "the room was made again in " + me);
    }
  }

  /** The peer is ready with {@code cursors}: each carried room goes on from where the peer is, from history where the buffer no longer reaches. */
  void resume(LinkSession s, JsonObject cursors) {
    Map<String, Long> after = new HashMap<>();
    for (Map.Entry<String, Outbound.Mark> entry : out.marks().entrySet()) {
      String room = entry.getKey();
      Outbound.Mark m = entry.getValue();
      Inbound.Point c = Inbound.Point.of(cursors.getJsonObject(room));
      if (c == null) {
        if (m.fromStart && m.base > 0 && !m.catchingUp) {
          catchUp(s, room, m, 0); // a new room: the peer gets it from its first message
        }
        continue; // otherwise from what this side holds
      }
      if (!c.epoch().equals(m.epoch)) {
        sendReset(room, "the room was made again in " + me);
      } else if (c.seq() >= m.base) {
        out.acked(room, m.epoch, c.seq());
        after.put(room, c.seq());
      } else {
        catchUp(s, room, m, c.seq());
      }
    }
    out.forEachPending(after, this::send);
  }

  /** The peer's {@code ack}: what it took is dropped from the buffer. */
  void acked(JsonObject ack) {
    JsonObject acks = ack.getJsonObject("acks");
    for (String room : acks.fieldNames()) {
      Inbound.Point p = Inbound.Point.of(acks.getJsonObject(room));
      out.acked(room, p.epoch(), p.seq());
    }
  }

  /** The connection ended: a read from history in flight is dropped; a later ready starts it again. */
  void connectionEnded() {
    out.marks().values().forEach(m -> m.catchingUp = false);
  }

  /** Messages buffered for the peer. */
  int buffered() {
    return out.size();
  }

  /** Messages the full buffer dropped since start. */
  long evicted() {
    return out.evicted();
  }

  /** Rooms carried. */
  int rooms() {
    return out.marks().size();
  }

  /** The peer missed messages the buffer no longer holds: read them from the room's history, page by page. */
  private void catchUp(LinkSession s, String room, Outbound.Mark m, long from) {
    m.catchingUp = true;
    long upTo = m.base;
    String epoch = m.epoch;
    page(s, room, epoch, from, upTo, true);
  }

  private void page(LinkSession s, String room, String epoch, long from, long upTo, boolean first) {
    taps.queries().history(room, epoch, from, upTo).onComplete(ar -> {
      Outbound.Mark m = out.mark(room);
      if (!link.isCurrent(s) || m == null || !epoch.equals(m.epoch)) {
        if (m != null) {
          m.catchingUp = false; // a later ready starts again
        }
        return;
      }
      long last = from;
      if (ar.failed() || first && !ar.result().complete()) {
        sendReset(room, ar.failed() ? "its history could not be read" : "more was missed than the bridge buffer ("
            + buffer + ") and the room's history hold");
      }
      if (ar.succeeded()) {
        String peer = link.peer();
        for (Envelope e : ar.result().messages()) {
          if (e.to() == null && e.kind() != EnvelopeKind.CONTROL && !(peer != null && e.passedThrough(peer))) {
            send(e);
            counts.fromHistory++;
          }
          last = Math.max(last, e.seq());
        }
        if (!ar.result().messages().isEmpty() && last < upTo) {
          page(s, room, epoch, last, upTo, false);
          return;
        }
      }
      m.catchingUp = false;
      out.forEachPending(room, upTo, this::send);
    });
  }

  private void send(Envelope e) {
    String peer = link.peer();
    if (peer != null && e.passedThrough(peer)) {
      return; // it came from there: never back
    }
    link.toPeer(LinkFrame.msg(e));
    counts.sent++;
  }

  private void sendReset(String room, String reason) {
    counts.resetsSent++;
    link.toPeer(LinkFrame.json(LinkFrame.RESET, new JsonObject().put("room", room).put("reason", reason)));
  }
}
