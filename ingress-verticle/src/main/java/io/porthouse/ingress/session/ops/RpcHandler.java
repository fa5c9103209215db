package io.porthouse.ingress.session.ops;

import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;

/**
 * {@code rpc}: {@code method} and {@code data} go to the application's backend (rpc hook) with who
 * asks; its {@code data} comes back with the {@code ref}. Refusals carry the backend's code; a
 * slow or failing backend is {@code unavailable}.
 */
final class RpcHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    return session.node().hooks().rpc(session.identity(), session.id(), f.method(), f.data())
        .map(data -> ServerFrames.rpc(f.ref(), data));
  }
}
