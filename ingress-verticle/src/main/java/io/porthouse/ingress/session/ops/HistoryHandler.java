package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.HistoryPage;
import io.porthouse.core.bus.HistoryRead;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
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
    HistoryRead read = HistoryRead.byMember(f.room(), session.id(), f.since() == null ? 0 : f.since(), f.limit());
    return session.node().bus().<JsonObject>request(Addresses.ROOMS_HISTORY, read.toJson()).map(reply -> {
      HistoryPage page = HistoryPage.fromJson(reply.body());
      List<Buffer> frames = new ArrayList<>();
      for (Envelope e : page.envelopes()) {
        frames.add(ServerFrames.msg(e));
      }
      return ServerFrames.history(f.ref(), f.room(), page.seq(), page.epoch(), frames);
    });
  }
}
