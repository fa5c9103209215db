package io.porthouse.bridge;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * What one link has brought into this cluster's rooms, to take nothing twice from its peer: per
 * room the last hop seq taken (in the peer room's epoch: its {@code ready} cursor and its acks).
 * Kept in the cluster's shared map (Hazelcast, with backups) so that a bridge JVM that restarts
 * knows it too; a message it took after the last save is recognised by the room's own dedupe
 * window (its envelope id is its origin). Copies that come by another path are {@link Origins}'.
 */
final class Inbound {

  /** A seq in an epoch. */
  record Point(String epoch, long seq) {
    JsonObject toJson() {
      return new JsonObject().put("epoch", epoch).put("seq", seq);
    }

    static Point of(JsonObject o) {
      return o == null ? null : new Point(o.getString("epoch"), o.getLong("seq"));
    }
  }

  private final Map<String, Point> hops = new HashMap<>();
  private boolean dirty;

  /** Whether a hop message is one taken before (same epoch, seq not above the cursor). */
  boolean seenHop(String room, String epoch, long seq) {
    Point p = hops.get(room);
    return p != null && p.epoch.equals(epoch) && seq <= p.seq;
  }

  void tookHop(String room, String epoch, long seq) {
    Point p = hops.get(room);
    if (p == null || !p.epoch.equals(epoch) || seq > p.seq) {
      hops.put(room, new Point(epoch, seq));
      dirty = true;
    }
  }

  /** The room's peer was reset: take whatever comes next. */
  void forget(String room) {
    hops.remove(room);
    dirty = true;
  }

  /** The {@code ready} frame's cursors: what the peer need not send again. */
  JsonObject cursors() {
    JsonObject c = new JsonObject();
    hops.forEach((room, p) -> c.put(room, p.toJson()));
    return c;
  }

  Map<String, Point> hops() {
    return hops;
  }

  /** Whether something changed since the last {@link #saved}. */
  boolean dirty() {
    return dirty;
  }

  void saved() {
    dirty = false;
  }

  JsonObject toJson() {
    return new JsonObject().put("hops", cursors());
  }

  /** Merges a saved copy (taking the later point of each). */
  void load(JsonObject saved) {
    if (saved == null) {
      return;
    }
    JsonObject h = saved.getJsonObject("hops", new JsonObject());
    for (String room : h.fieldNames()) {
      Point p = Point.of(h.getJsonObject(room));
      tookHop(room, p.epoch, p.seq);
    }
  }
}
