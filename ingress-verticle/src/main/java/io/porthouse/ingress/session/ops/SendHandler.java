package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code send}: wraps {@code data} (bytes as sent) in an envelope for the router; answers the ack
 * with the seq (the session does not send it on the socket's own connection when the frame has no
 * {@code ref}, as protocol v1 says).
 */
final class SendHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    session.confinement().checkNotHeld(f.room(), "send to");
    NodeContext node = session.node();
    Envelope envelope = new Envelope(node.newEnvelopeId(), node.nodeId(), session.id(), session.client(),
        EnvelopeKind.TEXT, f.room(), f.to(), f.data(), System.currentTimeMillis(), Envelope.NO_SEQ).withSendId(f.id());
    return node.bus().<JsonObject>request(Addresses.ROUTER_ROUTE, envelope)
        .map(reply -> ServerFrames.ack(f.ref(), reply.body().getLong("seq")));
  }
}
