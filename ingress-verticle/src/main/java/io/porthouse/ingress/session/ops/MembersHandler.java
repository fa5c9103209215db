package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.MembersPage;
import io.porthouse.core.bus.MembersRead;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code members}: a page of a presence room's members ({@code after}: the last socket of the previous page). */
final class MembersHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    MembersRead ask = MembersRead.byMember(f.room(), session.id(), f.after());
    return session.node().bus().<JsonObject>request(Addresses.ROOMS_MEMBERS, ask.toJson()).map(reply -> {
      MembersPage page = MembersPage.fromJson(reply.body());
      return ServerFrames.members(f.ref(), f.room(), page.membersJson(), page.more());
    });
  }
}
