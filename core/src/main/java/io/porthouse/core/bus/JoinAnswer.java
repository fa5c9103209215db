package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a {@link JoinRequest}. {@code seq}: the room's last seq; {@code nodeBase}: when the
 * join added the socket's node to the room, the seq the node's stream starts after, else -1;
 * {@code nodeLast}: when the node was in the room already, the last seq sent to it, else -1;
 * {@code echo}, {@code exclusive}: the room's rules of those names. A resume also gets
 * {@code recovered} (whether {@code replay} holds every message it missed) and {@code replay}, oldest
 * first; a plain join has {@code recovered} {@code null} and no replay. Shape on the bus:
 * {@code {"room","seq","epoch","nodeBase","nodeLast","echo","exclusive","recovered"?,"replay"?:[StoredMessage…]}}.
 */
public record JoinAnswer(String room, long seq, String epoch, long nodeBase, long nodeLast, boolean echo,
                         boolean exclusive, Boolean recovered, List<StoredMessage> replay) {

  public JoinAnswer {
    replay = List.copyOf(replay);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("room", room).put("seq", seq).put("epoch", epoch).put("nodeBase", nodeBase)
        .put("nodeLast", nodeLast).put("echo", echo).put("exclusive", exclusive);
    if (recovered != null) {
      json.put("recovered", recovered).put("replay", StoredMessage.toJson(replay.toArray(new StoredMessage[0])));
    }
    return json;
  }

  public static JoinAnswer fromJson(JsonObject json) {
    List<StoredMessage> replay = new ArrayList<>();
    for (Object m : json.getJsonArray("replay", new JsonArray())) {
      replay.add(StoredMessage.fromJson((JsonObject) m));
    }
    return new JoinAnswer(json.getString("room"), json.getLong("seq", 0L), json.getString("epoch"),
        json.getLong("nodeBase", -1L), json.getLong("nodeLast", -1L), json.getBoolean("echo", false),
        json.getBoolean("exclusive", false), json.getBoolean("recovered"), replay);
  }
}
