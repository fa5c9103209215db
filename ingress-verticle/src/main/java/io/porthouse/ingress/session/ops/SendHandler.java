package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.SendAck;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.NotJoined;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * {@code send}: wraps {@code data} (bytes as sent) in an envelope for the router; answers the ack
 * with the seq (the session does not send it on the socket's own connection when the frame has no
 * {@code ref}, as protocol v1 says). A refusal for not being in a room the socket is in (the
 * sequencer lost the membership in a split) is answered {@code unavailable} while it is restated.
 */
final class SendHandler implements OpHandler {

  /** Default options shared by every send (Vert.x makes one per call otherwise); never changed. */
  private static final DeliveryOptions PER_MESSAGE = new DeliveryOptions();

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    session.confinement().checkNotHeld(f.room(), "send to");
    NodeContext node = session.node();
    Envelope envelope = new Envelope(node.newEnvelopeId(), node.nodeId(), session.id(), session.client(),
        EnvelopeKind.TEXT, f.room(), f.to(), f.data(), System.currentTimeMillis(), Envelope.NO_SEQ).withSendId(f.id());
    return node.bus().<SendAck>request(Addresses.ROUTER_ROUTE, envelope, PER_MESSAGE)
        .map(reply -> ServerFrames.ack(f.ref(), reply.body().seq()))
        .recover(e -> {
          if (NotJoined.is(e, f.room()) && session.rooms().contains(f.room())) {
            // this node holds the membership and the sequencer does not: the other side of a split
            // dropped it. Nothing was sent; the membership is restated and the client sends again.
            node.restater().restate(session, f.room());
            return Future.failedFuture(PorthouseException.of(ErrorCode.UNAVAILABLE,
                "your membership of room '" + f.room() + "' is being restored after a cluster split; send again"));
          }
          return Future.failedFuture(e);
        });
  }
}
