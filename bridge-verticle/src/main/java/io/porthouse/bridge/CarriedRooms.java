package io.porthouse.bridge;

import io.porthouse.core.bus.RoomCreated;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rooms the bridge's links carry: the rooms they name, the rooms of this cluster their
 * patterns match (listed, then told of each new one), and mesh rooms; each joined by the taps and
 * started on every link that carries it, and left when no link wants it any more.
 */
final class CarriedRooms {

  private static final Logger LOG = LoggerFactory.getLogger(CarriedRooms.class);

  private final RoomTaps taps;
  private final MeshRooms mesh;
  /** The bridge's links by name (the verticle's own map: read here, never changed). */
  private final Map<String, Link> links;
  /** Rooms this cluster has, as far as pattern links need to know (listed, then told of each new one). */
  private final Set<String> known = new HashSet<>();
  /** Rooms made in this cluster since the bridge started (told by porthouse.rooms.created): carried from their first message. */
  private final Set<String> fresh = new HashSet<>();

  CarriedRooms(RoomTaps taps, MeshRooms mesh, Map<String, Link> links) {
    this.taps = taps;
    this.mesh = mesh;
    this.links = links;
  }

  boolean carried(Link link, String room) {
    return link.spec().carries(room, mesh.linkOf(room)) && taps.holds(room);
  }

  /** Which rooms the links want now: joined if new, left if no link wants them any more. */
  Future<Void> discover() {
    boolean patterns = links.values().stream().anyMatch(l -> l.spec().hasPatterns());
    Future<List<String>> listed = patterns ? taps.queries().listAll(null, new ArrayList<>()) : Future.succeededFuture(List.of());
    return listed.recover(e -> Future.succeededFuture(List.of())).compose(names -> {
      known.addAll(names);
      Map<String, JsonObject> wanted = new LinkedHashMap<>();
      for (Link l : links.values()) {
        l.spec().exactRooms().forEach(r -> {
          if (!mesh.contains(r)) {
            wanted.put(r, new JsonObject());
          }
        });
        for (String r : known) {
          if (!mesh.contains(r) && l.spec().carries(r, null)) {
            wanted.putIfAbsent(r, null);
          }
        }
      }
      mesh.on(links.keySet()).forEach(room -> wanted.put(room, mesh.rulesOf(room)));
      for (String room : List.copyOf(taps.rooms())) {
        if (!wanted.containsKey(room)) {
          links.values().forEach(l -> l.uncarry(room));
          taps.drop(room);
        }
      }
      List<Future<?>> joins = new ArrayList<>();
      wanted.forEach((room, makeWith) -> joins.add(taps.carry(room, makeWith)
          .onSuccess(joined -> startCarrying(room, joined, fresh.remove(room)))));
      // a room that cannot be carried now (logged by the taps) is tried again at the next discovery
      return Future.join(joins).<Void>mapEmpty().recover(e -> Future.succeededFuture());
    });
  }

  /** A room was made in this cluster: pattern links may carry it; a mesh room goes to its link's peer. */
  void created(RoomCreated event) {
    String room = event.room();
    JsonObject rules = event.rules();
    known.add(room);
    fresh.add(room);
    String meshLink = rules.getString("mesh");
    if (meshLink != null && !mesh.contains(room)) {
      mesh.add(room, meshLink, rules);
      Link l = links.get(meshLink);
      discover().onSuccess(v -> {
        if (l != null) {
          l.meshMade(room, rules);
        }
      });
      return;
    }
    if (links.values().stream().anyMatch(l -> l.spec().hasPatterns() && l.spec().carries(room, null))) {
      discover();
    }
  }

  void meshFromPeer(Link link, String room, JsonObject rules) {
    if (!link.name().equals(rules.getString("mesh"))) {
      LOG.warn("bridge link {}: peer offered room '{}' as a mesh room of link '{}'; ignored", link.name(), room,
          rules.getString("mesh"));
      return;
    }
    if (mesh.contains(room)) {
      return;
    }
    mesh.add(room, link.name(), rules);
    discover();
  }

  Future<Void> carryFor(Link link, String room) {
    known.add(room);
    return taps.carry(room, new JsonObject()).map(joined -> {
      startCarrying(room, joined, false);
      return null;
    });
  }

  /** Every link that carries {@code room} starts at the listener's position in it (a new link starts from now). */
  private void startCarrying(String room, RoomTaps.Joined joined, boolean fromStart) {
    RoomTaps.Joined at = taps.position(room) != null ? taps.position(room) : joined;
    for (Link l : links.values()) {
      if (l.spec().carries(room, mesh.linkOf(room))) {
        l.carry(room, at.epoch(), at.seq(), fromStart);
      }
    }
  }
}
