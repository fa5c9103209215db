package io.porthouse.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.HashSet;
import java.util.Set;

/**
 * A TCP proxy on 127.0.0.1 in front of one port: a network a test can cut (every connection closed,
 * new ones refused) and restore. The client side sees what a dropped link looks like.
 */
public final class TcpProxy implements AutoCloseable {

  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> open = new HashSet<>();
  private volatile boolean cut;

  private TcpProxy(Vertx vertx, int target) {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(in -> {
      if (cut) {
        in.close();
        return;
      }
      in.pause();
      client.connect(target, "127.0.0.1").onSuccess(out -> {
        synchronized (open) {
          open.add(in);
          open.add(out);
        }
        in.handler(out::write);
        out.handler(in::write);
        in.closeHandler(v -> out.close());
        out.closeHandler(v -> in.close());
        in.resume();
      }).onFailure(e -> in.close());
    });
  }

  /** A proxy listening on a free port, forwarding to {@code target}. */
  public static TcpProxy to(Vertx vertx, int target) {
    TcpProxy proxy = new TcpProxy(vertx, target);
    WsTestClient.await(proxy.server.listen(0, "127.0.0.1"));
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** Closes every connection through it and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    synchronized (open) {
      open.forEach(NetSocket::close);
      open.clear();
    }
  }

  public void restore() {
    cut = false;
  }

  @Override
  public void close() {
    cut();
    WsTestClient.await(server.close());
    WsTestClient.await(client.close());
  }
}
