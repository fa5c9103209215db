package io.porthouse.it;

import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between two bridges, in the test's JVM, that a test can cut (every connection
 * closed at once, as a network reset) or black-hole (connections stay open, bytes are dropped
 * both ways, as a blocked port or a dead route: only heartbeats can tell).
 */
final class LinkProxy implements AutoCloseable {

  private final Vertx vertx;
  private final NetServer server;
  private final List<NetSocket[]> pairs = new CopyOnWriteArrayList<>();
  private volatile boolean blackHole;

  LinkProxy(Vertx vertx, int targetPort) {
    this.vertx = vertx;
    this.server = vertx.createNetServer().connectHandler(in -> {
      in.pause();
      vertx.createNetClient().connect(targetPort, "127.0.0.1").onSuccess(out -> {
        NetSocket[] pair = {in, out};
        pairs.add(pair);
        in.handler(b -> {
          if (!blackHole) {
            out.write(b);
          }
        });
        out.handler(b -> {
          if (!blackHole) {
            in.write(b);
          }
        });
        in.closeHandler(v -> {
          out.close();
          pairs.remove(pair);
        });
        out.closeHandler(v -> {
          in.close();
          pairs.remove(pair);
        });
        in.resume();
      }).onFailure(e -> in.close());
    });
    WsTestClient.await(server.listen(0, "127.0.0.1"));
  }

  int port() {
    return server.actualPort();
  }

  /** Closes every relayed connection (new ones are relayed again). */
  void cut() {
    for (NetSocket[] p : pairs) {
      p[0].close();
      p[1].close();
    }
  }

  /** While on, nothing passes either way, though connections stay open. */
  void blackHole(boolean on) {
    blackHole = on;
  }

  int connections() {
    return pairs.size();
  }

  @Override
  public void close() {
    cut();
    WsTestClient.await(server.close());
  }
}
