package io.porthouse.bridge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * What one link has brought into this cluster's rooms, to take nothing twice: per room the last
 * hop seq taken from the peer (in the peer room's epoch: its {@code ready} cursor and its acks),
 * and per room and origin cluster the last origin seq taken (a message that reaches this cluster
 * by two paths, as in a ring, is taken from whichever brings it first). Kept in the cluster's
 * shared map (Hazelcast, with backups) so that a bridge JVM that restarts knows it too; a message
 * it took after the last save is recognised by the room's own dedupe window (its envelope id is
 * its origin).
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
  private final Map<String, Map<String, Point>> origins = new HashMap<>();
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

  /** Whether a message from {@code origin} was taken before, by any path. */
  boolean seenOrigin(String room, String origin, String epoch, long seq) {
    Point p = origins.getOrDefault(room, Map.of()).get(origin);
    return p != null && p.epoch.equals(epoch) && seq <= p.seq;
  }

  void tookOrigin(String room, String origin, String epoch, long seq) {
    Map<String, Point> byOrigin = origins.computeIfAbsent(room, r -> new HashMap<>());
    Point p = byOrigin.get(origin);
    if (p == null || !p.epoch.equals(epoch) || seq > p.seq) {
      byOrigin.put(origin, new Point(epoch, seq));
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
    JsonObject o = new JsonObject();
    origins.forEach((room, byOrigin) -> {
      JsonObject r = new JsonObject();
      byOrigin.forEach((origin, p) -> r.put(origin, p.toJson()));
      o.put(room, r);
    });
    return new JsonObject().put("hops", cursors()).put("origins", o);
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
    JsonObject o = saved.getJsonObject("origins", new JsonObject());
    for (String room : o.fieldNames()) {
      JsonObject byOrigin = o.getJsonObject(room);
      for (String origin : byOrigin.fieldNames()) {
        Point p = Point.of(byOrigin.getJsonObject(origin));
        tookOrigin(room, origin, p.epoch, p.seq);
      }
    }
  }

  static JsonArray names(Iterable<String> rooms) {
    JsonArray a = new JsonArray();
    rooms.forEach(a::add);
    return a;
  }
}
