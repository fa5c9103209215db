package io.porthouse.bridge;

import io.porthouse.bridge.wire.LinkFrame;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
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
 * One link to a peer cluster, across its connections: what it owes the peer ({@link Outbound}),
 * what it took from the peer ({@link Inbound}), its counts, and, for a link dialled from here, the
 * reconnects (exponential backoff with jitter). At most one connection ({@link LinkSession}) is
 * current; a newer authenticated one replaces it.
 *
 * <p>Out: each delivery of a carried room (in seq order, from the listener) is held and sent, but
 * never to a cluster it has been in ({@link Envelope#passedThrough}) and never a {@code to} message
 * (its receivers are this cluster's sockets). In: a message is dropped if its hop seq was taken
 * before, if it has been in this cluster (a loop), or if its origin seq was taken before by another
 * path; otherwise it is injected with {@code via} grown by the peer, and its hop seq is acknowledged
 * once the room has it, in order.
 */
final class Link {

  private static final Logger LOG = LoggerFactory.getLogger(Link.class);

  /** What a link asks of the bridge around it. */
  interface Rooms {
    /** Whether this link carries room {@code room} here (configured, and known). */
    boolean carried(Link link, String room);

    /** The peer made a mesh room of this link: make and carry its twin here. */
    void meshFromPeer(Link link, String room, JsonObject rules);

    /** This link's mesh rooms made here, as {@code {"room","rules"}}. */
    List<JsonObject> meshRooms(Link link);

    /** Dial the link again (a dialled link whose connection ended). */
    void dial(Link link);

    /** The link of the mesh room {@code room}, or {@code null} if it is not one. */
    String meshOf(String room);

    /** The peer sent a message of a room this link's patterns carry but this cluster lacks: make it and carry it. */
    Future<Void> carryFor(Link link, String room);
  }

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

  private final Vertx vertx;
  private final RoomTaps taps;
  private final Rooms rooms;
  private final String me;
  private final BridgeSettings settings;
  private LinkSpec spec;
  private final Outbound out;
  private final Inbound in = new Inbound();
  private final Origins origins;
  private final Map<String, ArrayDeque<Taking>> taking = new HashMap<>();
  private final Set<String> unacked = new HashSet<>();
  private final Map<String, List<Envelope>> waiting = new HashMap<>();
  private LinkSession current;
  private String peer;
  private int attempts;
  private boolean stopped;
  private boolean dialFailing;
  private int inFlight;
  private final LinkCounts counts = new LinkCounts();
  private long connectedSince;

  Link(Vertx vertx, RoomTaps taps, Rooms rooms, Origins origins, String me, BridgeSettings settings, LinkSpec spec) {
    this.vertx = vertx;
    this.origins = origins;
    this.taps = taps;
    this.rooms = rooms;
    this.me = me;
    this.settings = settings;
    this.spec = spec;
    this.out = new Outbound(settings.bufferMessages());
    this.peer = spec.peer();
  }

  String name() {
    return spec.name();
  }

  LinkSpec spec() {
    return spec;
  }

  void respec(LinkSpec newSpec) {
    spec = newSpec;
  }

  Inbound inbound() {
    return in;
  }

  boolean open() {
    return current != null && current.open();
  }

  // ---------------------------------------------------------------- out

  /**
   * The room is carried on this link from the listener's position on; a room new in this cluster
   * ({@code fromStart}) is sent from its first message, read from history (what was sent before
   * the bridge joined it).
   */
  void carry(String room, String epoch, long seq, boolean fromStart) {
    boolean known = out.mark(room) != null;
    out.start(room, epoch, seq);
    Outbound.Mark m = out.mark(room);
    if (!known && fromStart && seq > 0) {
      m.fromStart = true;
      if (open() && spec.direction().sends()) {
        catchUp(current, room, m, 0);
      }
    }
  }

  void uncarry(String room) {
    out.stop(room);
  }

  /** A delivery of a carried room, in its seq order. */
  void delivered(Envelope e) {
    if (!spec.direction().sends() || e.to() != null || e.kind() == EnvelopeKind.CONTROL
        || peer != null && e.passedThrough(peer)) {
      return; // not for the peer: it came from there (the peer's name is known once it connected, or configured)
    }
    out.add(e);
    Outbound.Mark m = out.mark(e.room());
    if (open() && m != null && !m.catchingUp) {
      send(e);
    }
  }

  /** The room was made again here (new epoch): the peer cannot get what it had not yet taken of the old one. */
  void restarted(String room, String epoch, long seq) {
    Outbound.Mark old = out.mark(room);
    if (old == null || old.epoch.equals(epoch)) {
      return;
    }
    out.restarted(room, epoch, seq);
    if (open()) {
      sendReset(room, "the room was made again in " + me);
    }
  }

  private void send(Envelope e) {
    if (peer != null && e.passedThrough(peer)) {
      return; // it came from there: never back
    }
    current.send(LinkFrame.msg(e));
    counts.sent++;
  }

  private void sendReset(String room, String reason) {
    counts.resetsSent++;
    current.send(LinkFrame.json(LinkFrame.RESET, new JsonObject().put("room", room).put("reason", reason)));
  }

  /** The peer proved the secret: this connection becomes the link's; tell the peer what it need not send again. */
  void authenticated(LinkSession s) {
    if (current != null && current != s) {
      current.close("replaced by a newer connection");
    }
    current = s;
    peer = s.peerCluster();
    JsonArray mesh = new JsonArray();
    rooms.meshRooms(this).forEach(mesh::add);
    s.send(LinkFrame.json(LinkFrame.READY, new JsonObject().put("cursors", in.cursors()).put("mesh", mesh)));
  }

  /** The peer's {@code ready}: send each carried room from where the peer is, from history where the buffer no longer reaches. */
  void peerReady(LinkSession s, JsonObject ready) {
    if (s != current) {
      return;
    }
    connectedSince = System.currentTimeMillis();
    attempts = 0;
    dialFailing = false;
    LOG.info("bridge link {}: open to cluster {} ({})", name(), peer, s.socket().remoteAddress());
    JsonArray mesh = ready.getJsonArray("mesh", new JsonArray());
    for (Object m : mesh) {
      JsonObject room = (JsonObject) m;
      rooms.meshFromPeer(this, room.getString("room"), room.getJsonObject("rules", new JsonObject()));
    }
    if (!spec.direction().sends()) {
      return;
    }
    JsonObject cursors = ready.getJsonObject("cursors", new JsonObject());
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

  /** The peer missed messages the buffer no longer holds: read them from the room's history, page by page. */
  private void catchUp(LinkSession s, String room, Outbound.Mark m, long from) {
    m.catchingUp = true;
    long upTo = m.base;
    String epoch = m.epoch;
    page(s, room, epoch, from, upTo, true);
  }

  private void page(LinkSession s, String room, String epoch, long from, long upTo, boolean first) {
    taps.history(room, epoch, from, upTo).onComplete(ar -> {
      Outbound.Mark m = out.mark(room);
      if (s != current || m == null || !epoch.equals(m.epoch)) {
        if (m != null) {
          m.catchingUp = false; // a later ready starts again
        }
        return;
      }
      long last = from;
      if (ar.failed() || first && !ar.result().complete()) {
        sendReset(room, ar.failed() ? "its history could not be read" : "more was missed than the bridge buffer ("
            + settings.bufferMessages() + ") and the room's history hold");
      }
      if (ar.succeeded()) {
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

  void acked(JsonObject ack) {
    JsonObject acks = ack.getJsonObject("acks");
    for (String room : acks.fieldNames()) {
      Inbound.Point p = Inbound.Point.of(acks.getJsonObject(room));
      out.acked(room, p.epoch(), p.seq());
    }
  }

  // ---------------------------------------------------------------- in

  /** A message the peer sent. */
  void msg(LinkSession s, Envelope e) {
    if (e.kind() == EnvelopeKind.CONTROL || e.to() != null) {
      // the server's own notices and receiver lists name this cluster's sockets: never a peer's to send
      throw new IllegalArgumentException("a " + (e.to() != null ? "message with receivers ('to')" : "control envelope")
          + " is not a peer's to send");
    }
    String room = e.room();
    if (!spec.direction().takes() || !spec.carries(room, rooms.meshOf(room))) {
      counts.refused++;
      return; // not carried into this cluster on this link: the peer's configuration differs
    }
    List<Envelope> held = waiting.get(room);
    if (held != null) {
      held.add(e); // behind the first, while the room is being made here
      return;
    }
    if (!rooms.carried(this, room)) { // a room of a pattern that this cluster has not had yet
      List<Envelope> first = new ArrayList<>(List.of(e));
      waiting.put(room, first);
      rooms.carryFor(this, room).onComplete(ar -> {
        waiting.remove(room);
        if (s != current) {
          return; // the peer sends them again after the reconnect
        }
        if (ar.failed()) {
          counts.refused += first.size();
          LOG.warn("bridge link {}: room '{}' cannot be made here: {}", name(), room, ar.cause().getMessage());
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
    if (inFlight >= settings.bufferMessages()) {
      s.socket().pause(); // the rooms here are slower than the peer: stop reading until they catch up
    }
    taps.inject(room, id, e.client(), e.kind(), e.payload(), e.receivedAt(), via).onComplete(ar -> {
      inFlight--;
      if (inFlight < settings.bufferMessages() / 2) {
        s.socket().resume();
      }
      if (ar.failed()) {
        ErrorCode code = BusErrors.toPorthouse(ar.cause()).code();
        if (code.serverSide()) {
          t.failed = true; // not taken: the peer sends it again after the reconnect this causes
          origins.release(room, t.origin, t.originEpoch, t.originSeq);
        } else {
          counts.refused++; // the room's rules here refuse it (size, format, send rules): it is not for this room
          LOG.debug("bridge link {}: room '{}' refused a message from {}: {}", name(), room, t.origin, ar.cause().getMessage());
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
        if (current != null) {
          current.close("room '" + room + "' could not take a message; resending from " + in.cursors().getValue(room));
        }
        return;
      }
      in.tookHop(room, t.epoch, t.seq);
      unacked.add(room);
    }
  }

  /** Every so often: what was taken since the last ack. */
  void flushAcks() {
    if (unacked.isEmpty() || !open()) {
      return;
    }
    JsonObject acks = new JsonObject();
    for (String room : unacked) {
      Inbound.Point p = in.hops().get(room);
      if (p != null) {
        acks.put(room, p.toJson());
      }
    }
    unacked.clear();
    current.send(LinkFrame.json(LinkFrame.ACK, new JsonObject().put("acks", acks)));
  }

  void reset(JsonObject reset) {
    String room = reset.getString("room");
    counts.resetsTaken++;
    in.forget(room);
    if (rooms.carried(this, room)) {
      LOG.warn("bridge link {}: cluster {} cannot send all it had for room '{}' ({}); its members here get a reset",
          name(), peer, room, reset.getString("reason"));
      taps.tellReset(room, peer, reset.getString("reason"));
    }
  }

  void mesh(JsonObject mesh) {
    rooms.meshFromPeer(this, mesh.getString("room"), mesh.getJsonObject("rules", new JsonObject()));
  }

  /** A mesh room of this link was made here: the peer makes its twin. */
  void meshMade(String room, JsonObject rules) {
    if (open()) {
      current.send(LinkFrame.json(LinkFrame.MESH, new JsonObject().put("room", room).put("rules", rules)));
    }
  }

  // ---------------------------------------------------------------- connections

  void authFailed() {
    counts.authFailures++;
  }

  /** A dial failed; true if it is the first since the link was last open. */
  boolean dialFailed() {
    boolean first = !dialFailing;
    dialFailing = true;
    return first;
  }

  void sessionClosed(LinkSession s, String reason) {
    if (s == current) {
      current = null;
      connectedSince = 0;
      out.marks().values().forEach(m -> m.catchingUp = false);
      taking.clear();
      waiting.clear();
      inFlight = 0;
      LOG.warn("bridge link {}: closed ({})", name(), reason);
    }
    if (s.dialledHere() && !stopped && current == null) {
      reconnectLater();
    }
  }

  /** A dial failed or a dialled connection ended: dial again after {@code min * 2^attempts} (at most max), with jitter. */
  void reconnectLater() {
    long delay = settings.reconnectDelay(attempts++);
    counts.reconnects++;
    vertx.setTimer(Math.max(1, delay), t -> {
      if (!stopped && current == null) {
        rooms.dial(this);
      }
    });
  }

  void stop(String reason) {
    stopped = true;
    if (current != null) {
      current.close(reason);
    }
  }

  LinkCounts counts() {
    return counts;
  }

  int buffered() {
    return out.size();
  }

  JsonObject status() {
    return counts.toJson().put("name", name()).put("peer", peer).put("dials", spec.dials())
        .put("direction", spec.direction().name().toLowerCase(Locale.ROOT)).put("open", open())
        .put("connectedSince", connectedSince).put("buffered", out.size()).put("bufferEvicted", out.evicted())
        .put("rooms", out.marks().size());
  }
}
