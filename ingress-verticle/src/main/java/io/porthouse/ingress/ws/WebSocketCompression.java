package io.porthouse.ingress.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.Http1xServerConnection;

/**
 * WebSocket permessage-deflate ({@code ws.compression}), offered on one HTTP connection with a cap
 * on what a frame may inflate to. Vert.x's own compression inflates a frame whole, whatever its
 * size, before anything can look at it: one ~100 KB frame of a client that needs no login becomes
 * 100 MB on the heap. Here every frame's inflated bytes are capped ({@code maxInflatedBytes}, the
 * same bound as an uncompressed frame: 4 × {@code session.maxMessageBytes}), and a frame that goes over
 * closes the connection with 1009 before more is allocated.
 *
 * <p>Compression still lets a client make the server inflate about a thousand bytes for each one it
 * sends (the deflate format's own ratio), within every other limit: it is off by default
 * (docs/security.md).
 */
public final class WebSocketCompression {

  private static final int LEVEL = 6;
  /** The name Vert.x gives its WebSocket extension handler in a connection's pipeline. */
  private static final String VERTX_HANDLER = "webSocketExtensionHandler";

  private WebSocketCompression() {
  }

  /**
   * Offers permessage-deflate on {@code connection} (HTTP/1.x only), each frame inflated to at
   * most {@code maxInflatedBytes}: the extension handler Vert.x put there (the server's per-message
   * compression must be on, so that its frame decoder accepts compressed frames at all) is replaced
   * by one with the cap.
   */
  public static void offer(HttpConnection connection, int maxInflatedBytes) {
    if (!(connection instanceof Http1xServerConnection http1)) {
      return;
    }
    ChannelPipeline pipeline = http1.channelHandlerContext().pipeline();
    WebSocketServerExtensionHandler capped = new WebSocketServerExtensionHandler(
        new PerMessageDeflateServerExtensionHandshaker(LEVEL, ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, false, false,
            WebSocketExtensionFilterProvider.DEFAULT, maxInflatedBytes));
    if (pipeline.get(VERTX_HANDLER) == null) {
      throw new IllegalStateException("no '" + VERTX_HANDLER + "' in the pipeline: is per-message compression on?");
    }
    pipeline.replace(VERTX_HANDLER, VERTX_HANDLER, capped);
    // The handshaker adds its decoder right after the extension handler once a client accepts it:
    // between it and InflateLimit, which therefore sees the decoder's failures.
    pipeline.addAfter(VERTX_HANDLER, "inflateLimit", new InflateLimit());
  }

  /** Closes a connection whose frame inflated beyond the cap with 1009, instead of an abrupt reset. */
  private static final class InflateLimit extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof DecompressionException || cause.getCause() instanceof DecompressionException) {
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG, "compressed frame inflates beyond the limit"))
            .addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ctx.fireExceptionCaught(cause);
    }
  }
}
