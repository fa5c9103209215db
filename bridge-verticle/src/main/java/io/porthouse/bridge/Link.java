package io.porthouse.bridge;

import io.porthouse.bridge.wire.LinkFrame;
import io.porthouse.core.envelope.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One link to a peer cluster, across its connections: what it sends the peer ({@link LinkFeed}),
 * what it takes from the peer ({@link LinkIntake}), its counts, and, for a link dialled from here,
 * the reconnects (exponential backoff with jitter). At most one connection ({@link LinkSession}) is
 * current; a newer authenticated one replaces it.
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

  private final Vertx vertx;
  private final Rooms rooms;
  private final BridgeSettings settings;
  private LinkSpec spec;
  private final LinkFeed feed;
  private final Inbound in = new Inbound();
  private final LinkIntake intake;
  private LinkSession current;
  private String peer;
  private int attempts;
  private boolean stopped;
  private boolean dialFailing;
  private final LinkCounts counts = new LinkCounts();
  private long connectedSince;

  Link(Vertx vertx, RoomTaps taps, Rooms rooms, Origins origins, String me, BridgeSettings settings, LinkSpec spec) {
    this.vertx = vertx;
    this.rooms = rooms;
    this.settings = settings;
    this.spec = spec;
    this.peer = spec.peer();
    this.feed = new LinkFeed(this, taps, counts, me, settings.bufferMessages());
    this.intake = new LinkIntake(this, taps, rooms, origins, in, counts, me, settings.bufferMessages());
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

  /** The peer's cluster name (known once it connected, or configured), or {@code null}. */
  String peer() {
    return peer;
  }

  /** The link's connection, or {@code null}. */
  LinkSession current() {
    return current;
  }

  /** Whether {@code s} is still the link's connection. */
  boolean isCurrent(LinkSession s) {
    return s == current;
  }

  /** Ends the link's connection, if it has one (a dialled link dials again). */
  void closeCurrent(String reason) {
    if (current != null) {
      current.close(reason);
    }
  }

  // ---------------------------------------------------------------- out

  /**
   * The room is carried on this link from the listener's position on; a room new in this cluster
   * ({@code fromStart}) is sent from its first message, read from history (what was sent before
   * the bridge joined it).
   */
  void carry(String room, String epoch, long seq, boolean fromStart) {
    feed.carry(room, epoch, seq, fromStart);
  }

  void uncarry(String room) {
    feed.uncarry(room);
  }

  /** A delivery of a carried room, in its seq order. */
  void delivered(Envelope e) {
    feed.delivered(e);
  }

  /** The room was made again here (new epoch): the peer cannot get what it had not yet taken of the old one. */
  void restarted(String room, String epoch, long seq) {
    feed.restarted(room, epoch, seq);
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

  /** The peer's {@code ready}: its mesh rooms are made here, and each carried room is sent from where the peer is. */
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
    if (spec.direction().sends()) {
      feed.resume(s, ready.getJsonObject("cursors", new JsonObject()));
    }
  }

  void acked(JsonObject ack) {
    feed.acked(ack);
  }

  /** Sends {@code frame} on the link's connection (which is open). */
  void toPeer(LinkFrame frame) {
    current.send(frame);
  }

  // ---------------------------------------------------------------- in

  /** A message the peer sent. */
  void msg(LinkSession s, Envelope e) {
    intake.msg(s, e);
  }

  /** Every so often: what was taken since the last ack. */
  void flushAcks() {
    if (open()) {
      LinkFrame acks = intake.acks();
      if (acks != null) {
        current.send(acks);
      }
    }
  }

  void reset(JsonObject reset) {
    intake.reset(reset);
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
      feed.connectionEnded();
      intake.connectionEnded();
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
    return feed.buffered();
  }

  JsonObject status() {
    return counts.toJson().put("name", name()).put("peer", peer).put("dials", spec.dials())
        .put("direction", spec.direction().name().toLowerCase(Locale.ROOT)).put("open", open())
        .put("connectedSince", connectedSince).put("buffered", feed.buffered()).put("bufferEvicted", feed.evicted())
        .put("rooms", feed.rooms());
  }
}
