package io.porthouse.bridge;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mesh rooms (rule {@code mesh}): rooms that live on one link, made on both sides. Each is kept
 * with its link and its rules in the cluster's shared map, so a bridge that restarts carries them
 * again (one made before the map is loaded is saved once it is).
 */
final class MeshRooms {

  private final String key;
  /** The cluster's shared map, once loaded; {@code null} before. */
  private AsyncMap<String, String> saved;
  /** By room name: {@code {"link","rules"}}. */
  private final Map<String, JsonObject> rooms = new LinkedHashMap<>();

  MeshRooms(String cluster) {
    this.key = "mesh/" + cluster;
  }

  /** The mesh rooms saved in {@code map} before, beside any added since start (saved with them). */
  Future<Void> load(AsyncMap<String, String> map) {
    return map.get(key).map(m -> {
      boolean addedMeanwhile = !rooms.isEmpty();
      if (m != null) {
        JsonObject all = new JsonObject(m);
        all.fieldNames().forEach(room -> rooms.putIfAbsent(room, all.getJsonObject(room)));
      }
      saved = map;
      if (addedMeanwhile) {
        save();
      }
      return null;
    });
  }

  boolean contains(String room) {
    return rooms.containsKey(room);
  }

  /** {@code room} is a mesh room of {@code link} with {@code rules} (saved). */
  void add(String room, String link, JsonObject rules) {
    rooms.put(room, new JsonObject().put("link", link).put("rules", rules));
    save();
  }

  private void save() {
    if (saved != null) {
      JsonObject all = new JsonObject();
      rooms.forEach(all::put);
      saved.put(key, all.encode());
    }
  }

  /** The link of mesh room {@code room}, or {@code null} if it is not one. */
  String linkOf(String room) {
    JsonObject m = rooms.get(room);
    return m == null ? null : m.getString("link");
  }

  /** The rules of mesh room {@code room}. */
  JsonObject rulesOf(String room) {
    return rooms.get(room).getJsonObject("rules");
  }

  /** Mesh rooms whose link is one of {@code links}. */
  List<String> on(Set<String> links) {
    List<String> out = new ArrayList<>();
    rooms.forEach((room, m) -> {
      if (links.contains(m.getString("link"))) {
        out.add(room);
      }
    });
    return out;
  }

  /** {@code link}'s mesh rooms as {@code {"room","rules"}}. */
  List<JsonObject> of(String link) {
    List<JsonObject> out = new ArrayList<>();
    rooms.forEach((room, m) -> {
      if (link.equals(m.getString("link"))) {
        out.add(new JsonObject().put("room", room).put("rules", m.getJsonObject("rules")));
      }
    });
    return out;
  }
}
