package io.porthouse.ingress.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.WebSocketImplBase;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Writes delivery frames (text, or binary for raw sockets) to one socket's Netty channel without flushing, so the hub can flush
 * each socket once after a burst of deliveries instead of once per message (one syscall per
 * socket per burst). The frame bytes are already UTF-8 and shared by every socket of the node:
 * each write gets its own slice over them. Replies and errors still go through Vert.x
 * ({@code writeTextMessage}), on the same event loop and the same pipeline, so order is kept.
 *
 * <p>The one place Porthouse reaches below the Vert.x API (the WebSocket's channel context).
 */
public final class UnflushedFrames {

  private final ChannelHandlerContext channel;

  /** {@code maxQueuedBytes}: written but unsent bytes above which the socket counts as backed up. */
  public UnflushedFrames(ServerWebSocket ws, int maxQueuedBytes) {
    this.channel = ((WebSocketImplBase<?>) ws).channelHandlerContext();
    channel.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(maxQueuedBytes / 2, maxQueuedBytes));
  }

  /** True while more than {@code maxQueuedBytes} wait to be sent (the client is not reading). */
  public boolean backedUp() {
    return !channel.channel().isWritable();
  }

  /** True when called on the socket's own event loop, where unflushed writes are safe. */
  public boolean onEventLoop() {
    return channel.executor().inEventLoop();
  }

  /** Queues a final text frame over {@code utf8} (shared, not copied), without flushing. */
  public void write(Buffer utf8) {
    channel.write(new TextWebSocketFrame(true, 0, ((BufferInternal) utf8).getByteBuf()), channel.voidPromise());
  }

  /** Queues a final binary frame over {@code bytes} (shared, not copied), without flushing. */
  public void writeBinary(Buffer bytes) {
    channel.write(new BinaryWebSocketFrame(true, 0, ((BufferInternal) bytes).getByteBuf()), channel.voidPromise());
  }

  public void flush() {
    channel.flush();
  }
}
