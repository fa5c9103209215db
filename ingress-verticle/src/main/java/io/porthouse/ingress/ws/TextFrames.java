package io.porthouse.ingress.ws;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Text frames over bytes that are already UTF-8, so one serialised {@code msg} frame is written
 * to many sockets without re-encoding a String per socket ({@code writeTextMessage} would).
 * Each socket gets its own view of the shared bytes (the WebSocket encoder moves the view's
 * reader index). The only place Porthouse touches a Vert.x implementation class.
 */
final class TextFrames {

  private TextFrames() {
  }

  /** A final text frame over {@code utf8} (shared, not copied). */
  static WebSocketFrame of(Buffer utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) utf8).getByteBuf(), true);
  }
}
