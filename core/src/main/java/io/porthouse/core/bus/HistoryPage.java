package io.porthouse.core.bus;

import io.porthouse.core.envelope.Envelope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a {@link HistoryRead}: the room's current seq and epoch, the stored messages read
 * (oldest first) and whether they are every one asked for ({@code complete}: history still held
 * them all). Shape on the bus: {@code {"room","seq","epoch","complete","messages":[StoredMessage…]}}.
 */
public record HistoryPage(String room, long seq, String epoch, boolean complete, List<StoredMessage> messages) {

  public HistoryPage {
    messages = List.copyOf(messages);
  }

  /** The messages as deliveries of the room in its epoch, in seq order. */
  public List<Envelope> envelopes() {
    List<Envelope> out = new ArrayList<>(messages.size());
    for (StoredMessage m : messages) {
      out.add(m.toEnvelope(room, epoch, -1));
    }
    return out;
  }

  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("seq", seq).put("epoch", epoch).put("complete", complete)
        .put("messages", StoredMessage.toJson(messages.toArray(new StoredMessage[0])));
  }

  public static HistoryPage fromJson(JsonObject json) {
    List<StoredMessage> messages = new ArrayList<>();
    for (Object m : json.getJsonArray("messages", new JsonArray())) {
      messages.add(StoredMessage.fromJson((JsonObject) m));
    }
    return new HistoryPage(json.getString("room"), json.getLong("seq", 0L), json.getString("epoch"),
        json.getBoolean("complete", false), messages);
  }
}
