package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.Disconnect;
import io.porthouse.core.bus.JoinAnswer;
import io.porthouse.core.bus.JoinRequest;
import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code join}: the room's sequencer adds the member and answers the room's last seq and epoch. The
 * hub holds what arrives for the room meanwhile, so the socket gets exactly the messages after
 * {@code seq}, whichever JVM sequenced them and whatever order they arrive in. A join with
 * {@code since} and {@code epoch} resumes: in the same step on the sequencer, the messages after
 * {@code since} are read from the room's history; they are sent first, in order, then every live
 * message after {@code seq}, and {@code joined} says {@code "recovered":true}, or
 * {@code "recovered":false} when history no longer holds all of them (or the epoch changed).
 */
final class JoinHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    session.confinement().checkNotHeld(f.room(), "join");
    int max = session.node().settings().maxRoomsPerSocket();
    if (!session.rooms().contains(f.room()) && session.rooms().size() >= max) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN,
          "a socket may be in at most " + max + " rooms; leave one first"));
    }
    JoinRequest join = new JoinRequest(session.command(f.room(), null), f.since(), f.epoch(), f.password(), f.otp(), false);
    session.joining(f.room());
    return session.node().bus().<JsonObject>request(Addresses.ROOMS_JOIN, join.toJson())
        .map(reply -> {
          JoinAnswer r = JoinAnswer.fromJson(reply.body());
          String epoch = r.epoch();
          for (StoredMessage m : r.replay()) { // before any live message: they all come after the replay
            session.control(ServerFrames.msg(m.toEnvelope(f.room(), epoch, -1)).toString());
          }
          if (!session.joined(f.room(), r.seq(), epoch, r.nodeBase())) {
            // closed while the join was in flight: undo it at the sequencer
            session.node().bus().send(Addresses.ROOMS_DISCONNECT,
                Disconnect.of(session.id(), session.client(), f.room()).toJson());
            return null;
          }
          session.node().hub().echo(f.room(), r.echo());
          if (r.exclusive()) {
            // an exclusive room holds the socket alone
            session.leaveRooms(session.rooms().stream().filter(other -> !other.equals(f.room())).toList());
            session.confinement().holdIn(f.room());
          }
          return ServerFrames.joined(f.ref(), f.room(), r.seq(), epoch, r.recovered());
        })
        .onFailure(e -> session.joinFailed(f.room()));
  }
}
