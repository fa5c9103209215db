package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code history}: the room's stored messages after {@code since} (members only, what the socket
 * may see), at most {@code limit} (and {@code history.maxReplay}), each in the {@code msg} shape,
 * with the room's current seq and epoch.
 */
final class HistoryHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    JsonObject ask = new JsonObject().put("room", f.room()).put("socket", session.id())
        .put("since", f.since() == null ? 0 : f.since());
    if (f.limit() != null) {
      ask.put("limit", f.limit());
    }
    return session.node().bus().<JsonObject>request(Addresses.ROOMS_HISTORY, ask).map(reply -> {
      JsonObject r = reply.body();
      List<Buffer> frames = new ArrayList<>();
      for (Object m : r.getJsonArray("messages", new JsonArray())) {
        frames.add(ServerFrames.msg(StoredMessage.fromJson((JsonObject) m).toEnvelope(f.room(), r.getString("epoch"), -1)));
      }
      return ServerFrames.history(f.ref(), f.room(), r.getLong("seq"), r.getString("epoch"), frames);
    });
  }
}
