package io.porthouse.ingress.tcp;

import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.ops.Ops;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.buffer.Buffer;
import io.porthouse.core.protocol.ServerFrames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP ingress ({@code tcp.port}): newline-delimited JSON, protocol v1 unchanged, one
 * {@link Session} per connection over a {@link TcpTransport}, starting with the {@code welcome}
 * line. A connection has no token at connect: it is anonymous until its {@code auth} op (refused
 * ops until then if anonymous sockets are off). Half-open connections are found by TCP
 * keep-alive ({@code tcp.keepAliveSeconds}).
 */
public final class TcpIngress {

  private static final Logger LOG = LoggerFactory.getLogger(TcpIngress.class);

  private static final short POLICY_VIOLATION = 1008;

  private final NodeContext node;
  private final Ops ops;
  private NetServer server;

  public TcpIngress(NodeContext node, Ops ops) {
    this.node = node;
    this.ops = ops;
  }

  public Future<NetServer> listen(Vertx vertx, String host, int port, int keepAliveSeconds) {
    server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true))
        .connectHandler(socket -> accept(socket, keepAliveSeconds));
    return server.listen();
  }

  private void accept(NetSocket socket, int keepAliveSeconds) {
    SocketAddress from = socket.remoteAddress();
    if (!node.gate().open(from)) {
      socket.end(Buffer.buffer(ServerFrames.closing(POLICY_VIOLATION, node.gate().addressRefusal()) + "\n")); // says why, then closes
      return;
    }
    serve(socket, keepAliveSeconds, () -> node.gate().closed(from));
  }

  /**
   * Serves a connection already let in (counted against its address by whoever accepted it, which
   * also releases it: the shared port), as a protocol v1 session; {@code onClose} runs when it ends.
   */
  public void serve(NetSocket socket, int keepAliveSeconds, Runnable onClose) {
    try {
      TcpKeepAlive.apply(((NetSocketInternal) socket).channelHandlerContext().channel(), keepAliveSeconds);
    } catch (RuntimeException e) {
      LOG.debug("tcp keep-alive times not set: {}", e.toString());
    }
    TcpTransport transport = new TcpTransport(socket, node.settings().writeQueueMaxBytes());
    transport.start(new Session(transport, node, ops, null), node.settings().maxMessageBytes(), onClose);
  }

  /** The port of its own listener, or -1 when it has none. */
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
