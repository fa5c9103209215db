package io.porthouse.ingress.session.ops;

import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;

/**
 * Carries out one protocol op for a session. The future holds the reply frame, {@code null} for
 * no reply, or a failure whose {@link io.porthouse.core.protocol.PorthouseException} code becomes
 * the error frame.
 */
public interface OpHandler {
  Future<String> handle(Session session, ClientFrame frame);
}
