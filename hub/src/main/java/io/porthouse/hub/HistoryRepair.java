package io.porthouse.hub;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.envelope.Envelope;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Gap repair from the room's history: the messages of a room sent to node {@code node} after one seq up to another. */
public final class HistoryRepair implements LocalHub.Repair {

  private final EventBus bus;
  private final String node;

  public HistoryRepair(EventBus bus, String node) {
    this.bus = bus;
    this.node = node;
  }

  @Override
  public Future<List<Envelope>> fetch(String room, long after, long upTo) {
    JsonObject ask = new JsonObject().put("room", room).put("node", node).put("since", after).put("upTo", upTo)
        .put("limit", (int) Math.min(Integer.MAX_VALUE, upTo - after));
    return bus.<JsonObject>request(Addresses.ROOMS_HISTORY, ask).map(reply -> envelopes(room, reply.body()));
  }

  /** The messages of a {@code porthouse.rooms.history} answer as deliveries of {@code room} (in its epoch, in seq order). */
  public static List<Envelope> envelopes(String room, JsonObject answer) {
    String epoch = answer.getString("epoch");
    List<Envelope> out = new ArrayList<>();
    for (Object m : answer.getJsonArray("messages")) {
      out.add(StoredMessage.fromJson((JsonObject) m).toEnvelope(room, epoch, -1));
    }
    return out;
  }
}
