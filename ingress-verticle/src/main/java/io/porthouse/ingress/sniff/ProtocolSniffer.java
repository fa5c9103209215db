package io.porthouse.ingress.sniff;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The first handler of a connection on the shared port: holds what arrives until
 * {@link FirstBytes} can tell the protocol (at most {@link FirstBytes#MAX_NEEDED} bytes, so a
 * client dribbling bytes holds no more than that), then hands the connection over and leaves the
 * pipeline: every later byte goes straight to the protocol's own handlers, with no copy and no
 * hop. A silent connection is closed by the HTTP server's read timeout, which stays in place until
 * the decision ({@code session.idleTimeoutSeconds}).
 */
public final class ProtocolSniffer extends ChannelInboundHandlerAdapter {

  /** What is done with a connection once its protocol is known; {@code head} is handed on whole (the callee owns it). */
  @FunctionalInterface
  public interface Handoff {
    void to(FirstBytes.Protocol protocol, ChannelHandlerContext sniffer, ByteBuf head);
  }

  /** How long a connection may take to say what it speaks. */
  public static final int DECISION_SECONDS = 10;

  private final Handoff handoff;
  private ByteBuf held;
  private ScheduledFuture<?> deadline;

  public ProtocolSniffer(Handoff handoff) {
    this.handoff = handoff;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    deadline = ctx.executor().schedule(() -> {
      ctx.close();
    }, DECISION_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf bytes)) {
      ctx.fireChannelRead(msg);
      return;
    }
    // what was held (fewer than MAX_NEEDED bytes) and what came, side by side: nothing copied
    ByteBuf head = held == null ? bytes : ctx.alloc().compositeBuffer(2).addComponents(true, held, bytes);
    held = null;
    FirstBytes.Protocol protocol = FirstBytes.of(head);
    if (protocol == null) {
      held = head;
      return;
    }
    handoff.to(protocol, ctx, head);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    if (held != null) {
      ReferenceCountUtil.release(held);
      held = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    handlerRemoved(ctx);
    ctx.fireChannelInactive();
  }
}
