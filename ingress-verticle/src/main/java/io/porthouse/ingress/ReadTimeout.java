package io.porthouse.ingress;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;

/**
 * The HTTP port closes a connection that reads nothing for {@code session.idleTimeoutSeconds}
 * (Vert.x's read-idle handler, named {@code idle} in the connection's pipeline): right for every
 * request and socket that speaks, wrong for a stream whose client only listens (SSE, SockJS's
 * streaming receivers). Such a stream takes the handler off its own connection; what watches it
 * then is its own keep-alive (pings written, a client that stops reading closed as slow).
 */
public final class ReadTimeout {

  private ReadTimeout() {
  }

  /** Takes the read timeout off {@code request}'s connection (an HTTP/1.x one; others keep theirs). */
  public static void remove(HttpServerRequest request) {
    if (request.connection() instanceof Http1xServerConnection http1
        && http1.channelHandlerContext().pipeline().get("idle") != null) {
      http1.channelHandlerContext().pipeline().remove("idle");
    }
  }
}
