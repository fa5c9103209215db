package io.porthouse.bridge;

import io.porthouse.core.envelope.Envelope;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * Per room and origin cluster, the highest origin seq this cluster has taken or is taking, by any
 * link: a message that reaches the cluster by two paths (a ring, or a chain beside a direct link)
 * is taken from whichever brings it first, the other copy is dropped. Shared by the bridge's
 * links and saved with their cursors. An origin seq only goes up within an origin epoch.
 */
final class Origins {

  private final Map<String, Map<String, Inbound.Point>> rooms = new HashMap<>();
  private boolean dirty;

  /**
   * Who first sent a message that came over a link from {@code peer}: {@code [cluster, epoch, seq]},
   * from the first step of its {@code via} ({@code origin:epoch:seq}), or the peer's own room's.
   */
  static String[] of(Envelope e, String peer) {
    if (e.via() == null) {
      if (peer == null) {
        throw new IllegalArgumentException("a message before the peer is known");
      }
      return new String[] {peer, e.epoch(), Long.toString(e.seq())};
    }
    String[] parts = e.via().split(",", 2)[0].split(":");
    if (parts.length != 3 || !parts[0].matches(LinkSpec.NAME)) {
      throw new IllegalArgumentException("a 'via' that is not origin:epoch:seq[,cluster…]: " + e.via());
    }
    Long.parseLong(parts[2]);
    return parts;
  }

  /** Claims the message for taking; false if it was taken (or is being taken) already. */
  boolean claim(String room, String origin, String epoch, long seq) {
    Map<String, Inbound.Point> byOrigin = rooms.computeIfAbsent(room, r -> new HashMap<>());
    Inbound.Point p = byOrigin.get(origin);
    if (p != null && p.epoch().equals(epoch) && seq <= p.seq()) {
      return false;
    }
    byOrigin.put(origin, new Inbound.Point(epoch, seq));
    dirty = true;
    return true;
  }

  /** A claimed message could not be taken: it may come again (copies after it are the room's dedupe window's). */
  void release(String room, String origin, String epoch, long seq) {
    Inbound.Point p = rooms.getOrDefault(room, Map.of()).get(origin);
    if (p != null && p.epoch().equals(epoch) && p.seq() >= seq) {
      rooms.get(room).put(origin, new Inbound.Point(epoch, seq - 1));
      dirty = true;
    }
  }

  boolean dirty() {
    return dirty;
  }

  JsonObject save() {
    dirty = false;
    JsonObject o = new JsonObject();
    rooms.forEach((room, byOrigin) -> {
      JsonObject r = new JsonObject();
      byOrigin.forEach((origin, p) -> r.put(origin, p.toJson()));
      o.put(room, r);
    });
    return o;
  }

  void load(JsonObject saved) {
    if (saved == null) {
      return;
    }
    for (String room : saved.fieldNames()) {
      JsonObject byOrigin = saved.getJsonObject(room);
      for (String origin : byOrigin.fieldNames()) {
        Inbound.Point p = Inbound.Point.of(byOrigin.getJsonObject(origin));
        claim(room, origin, p.epoch(), p.seq());
      }
    }
    dirty = false;
  }
}
