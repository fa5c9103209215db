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
 * again.
 */
final class MeshRooms {

  private final AsyncMap<String, String> saved;
  private final String key;
  /** By room name: {@code {"link","rules"}}. */
  private final Map<String, JsonObject> rooms = new LinkedHashMap<>();

  MeshRooms(AsyncMap<String, String> saved, String cluster) {
    this.saved = saved;
    this.key = "mesh/" + cluster;
  }

  /** The mesh rooms saved before. */
  Future<Void> load() {
    return saved.get(key).map(m -> {
      if (m != null) {
        JsonObject all = new JsonObject(m);
        all.fieldNames().forEach(room -> rooms.put(room, all.getJsonObject(room)));
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
    JsonObject all = new JsonObject();
    rooms.forEach(all::put);
    saved.put(key, all.encode());
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
