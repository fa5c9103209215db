package io.porthouse.ingress.ws;

import io.porthouse.hub.Delivery;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Session} over one WebSocket: text messages in (joined from their frames by
 * {@link FrameAssembler}), protocol frames out as text messages, deliveries written unflushed
 * ({@link UnflushedFrames}) for one flush per burst. Replies and deliveries share the channel's
 * outbound buffer, bounded by {@code session.writeQueueMaxBytes}.
 */
public final class WebSocketTransport implements Transport {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);

  private final ServerWebSocket ws;
  private final UnflushedFrames frames;

  public WebSocketTransport(ServerWebSocket ws, int maxQueuedBytes) {
    this.ws = ws;
    this.frames = new UnflushedFrames(ws, maxQueuedBytes);
  }

  @Override
  public SocketAddress remoteAddress() {
    return ws.remoteAddress();
  }

  @Override
  public String name() {
    return "websocket";
  }

  /** Feeds what the client sends to {@code session}, and starts it. */
  public void start(Session session, int maxMessageBytes) {
    FrameAssembler assembler = new FrameAssembler(maxMessageBytes, false, new FrameAssembler.Sink() {
      @Override
      public void text(Buffer message) {
        session.text(message);
      }

      @Override
      public void binary(Buffer message) {
        session.binary();
      }

      @Override
      public void tooLarge(long bytes, Buffer head) {
        session.tooLarge(bytes, head);
      }
    });
    ws.frameHandler(frame -> {
      session.heard();
      assembler.accept(frame);
    });
    ws.exceptionHandler(e -> LOG.debug("socket {}: {}", session.id(), e.toString()));
    ws.closeHandler(v -> session.closed());
    session.start();
  }

  @Override
  public void send(String frame) {
    ws.writeTextMessage(frame);
  }

  @Override
  public void write(Delivery delivery) {
    Buffer frame = delivery.msg();
    if (frames.onEventLoop()) {
      frames.write(frame);
    } else {
      ws.writeTextMessage(frame.toString()); // not the socket's own loop: let Vert.x hand it over
    }
  }

  @Override
  public void flush() {
    frames.flush();
  }

  @Override
  public boolean backedUp() {
    return frames.backedUp();
  }

  @Override
  public void pause() {
    ws.pause();
  }

  @Override
  public void resume() {
    ws.resume();
  }

  @Override
  public void ping() {
    ws.writePing(Buffer.buffer());
  }

  @Override
  public Future<Void> close(short code, String reason) {
    return ws.close(code, reason);
  }
}
