package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.bus.TokenCheck;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code auth}: verifies the token and gives the socket that identity (or refreshes its roles). */
final class AuthHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    return session.node().bus().<JsonObject>request(Addresses.AUTH_VERIFY, new TokenCheck(f.token()).toJson())
        .map(reply -> Identity.fromJson(reply.body()))
        .compose(identity -> {
          Identity current = session.identity();
          if (current != null && !current.client().equals(identity.client())) {
            return Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN,
                "socket is already authenticated as '" + current.client() + "'"));
          }
          if (current == null && session.node().gate().clientFull(identity.client())) {
            return Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN,
                session.node().gate().clientRefusal(identity.client())));
          }
          session.identity(identity);
          return Future.succeededFuture(ServerFrames.authed(f.ref(), identity.client(), identity.roles()));
        });
  }
}
