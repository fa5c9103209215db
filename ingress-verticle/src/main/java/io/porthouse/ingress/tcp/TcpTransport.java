package io.porthouse.ingress.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.hub.Delivery;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Session} over a plain TCP connection: newline-delimited JSON, one protocol v1 frame per
 * line each way ({@link LineSplitter} in). Deliveries are written to the channel unflushed (the
 * {@code msg} line, shared by every TCP socket of the node), so a burst reaches the client in one write; replies
 * go out at once. Everything queued counts against {@code session.writeQueueMaxBytes} (the channel's
 * water mark). Before closing, the server says why in a last line,
 * {@code {"op":"close","code":…,"reason":…}}.
 */
public final class TcpTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
  private final NetSocket socket;
  private final ChannelHandlerContext channel;

  public TcpTransport(NetSocket socket, int maxQueuedBytes) {
    this.socket = socket;
    this.channel = ((NetSocketInternal) socket).channelHandlerContext();
    channel.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(maxQueuedBytes / 2, maxQueuedBytes));
  }

  @Override
  public SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  @Override
  public String name() {
    return "tcp";
  }

  /** Feeds what the client sends to {@code session}, and starts it; {@code onClose} runs when the connection ends. */
  public void start(Session session, int maxLineBytes, Runnable onClose) {
    LineSplitter lines = new LineSplitter(maxLineBytes, new LineSplitter.Sink() {
      @Override
      public void line(Buffer line) {
        session.text(line);
      }

      @Override
      public void tooLarge(long bytes, Buffer head) {
        session.tooLarge(bytes, head);
      }
    });
    socket.handler(chunk -> {
      session.heard();
      lines.accept(chunk);
    });
    socket.exceptionHandler(e -> LOG.debug("tcp socket {}: {}", session.id(), e.toString()));
    socket.closeHandler(v -> {
      onClose.run();
      session.closed();
    });
    session.start();
  }

  @Override
  public void send(String frame) {
    socket.write(Buffer.buffer(frame.length() + 1).appendString(frame).appendByte((byte) '\n'));
  }

  @Override
  public void write(Delivery delivery) {
    if (channel.executor().inEventLoop()) {
      channel.write(((BufferInternal) delivery.msgLine()).getByteBuf(), channel.voidPromise());
    } else {
      socket.write(delivery.msgLine());
    }
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public boolean backedUp() {
    return !channel.channel().isWritable();
  }

  @Override
  public void pause() {
    socket.pause();
  }

  @Override
  public void resume() {
    socket.resume();
  }

  @Override
  public void ping() {
    // none in the protocol: a dead peer is found by TCP keep-alive (TcpIngress sets it on every connection)
  }

  @Override
  public boolean pings() {
    return false;
  }

  @Override
  public Future<Void> close(short code, String reason) {
    send(ServerFrames.closing(code, reason));
    return socket.close();
  }
}
