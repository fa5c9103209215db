package io.porthouse.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Opens many client sockets with a bounded number of handshakes in flight and, for Porthouse,
 * joins each to its room; a socket counts as ready when it has {@code joined} (Porthouse) or is
 * connected (plain: a socket with one room connects to the path {@code /<room>}, the baseline's
 * room).
 */
public final class Connector {

  private final Vertx vertx;
  private final WebSocketClient client; // a field: an unreferenced client may be collected mid-handshake
  private final Wire wire;

  public Connector(Vertx vertx, Wire wire) {
    this.vertx = vertx;
    this.wire = wire;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setConnectTimeout(30_000));
  }

  /** A connected socket; {@code onFrame} receives every frame after it is ready. */
  public record Conn(WebSocket ws, int id) {
  }

  /**
   * Connects {@code count} sockets; socket {@code i} goes to {@code port.apply(i)} and joins
   * {@code rooms.apply(i)} (none if it returns an empty array). At most {@code inFlight} at once.
   */
  public Future<List<Conn>> open(int count, int inFlight, IntFunction<Integer> port, String uriQuery,
                                 IntFunction<String[]> rooms, IntFunction<Handler<Buffer>> onFrame) {
    Promise<List<Conn>> done = Promise.promise();
    List<Conn> conns = new ArrayList<>(count);
    int[] next = {0};
    int[] ready = {0};
    Runnable[] launch = new Runnable[1];
    launch[0] = () -> {
      int i = next[0]++;
      if (i >= count) {
        return;
      }
      connectOne(i, port.apply(i), uriQuery, rooms.apply(i), onFrame.apply(i)).onComplete(ar -> {
        if (ar.failed()) {
          done.tryFail(ar.cause());
          return;
        }
        conns.add(ar.result());
        if (++ready[0] == count) {
          done.tryComplete(conns);
        } else {
          launch[0].run();
        }
      });
    };
    vertx.runOnContext(v -> {
      for (int k = 0; k < Math.min(inFlight, count); k++) {
        launch[0].run();
      }
      if (count == 0) {
        done.complete(conns);
      }
    });
    return done.future();
  }

  private Future<Conn> connectOne(int id, int port, String uriQuery, String[] rooms, Handler<Buffer> onFrame) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(wire.mode() == Wire.Mode.PLAIN ? "/" + (rooms.length == 1 ? rooms[0] : "") : "/ws" + uriQuery);
    Promise<Conn> ready = Promise.promise();
    client.connect(options).onFailure(ready::fail).onSuccess(ws -> {
      Conn conn = new Conn(ws, id);
      if (wire.mode() == Wire.Mode.PLAIN || rooms.length == 0) {
        ws.handler(onFrame);
        ready.complete(conn);
        return;
      }
      int[] joined = {0};
      ws.handler(frame -> {
        if (joined[0] < rooms.length) {
          if (frame.toString().contains("\"op\":\"joined\"") && ++joined[0] == rooms.length) {
            ready.complete(conn);
          } else if (frame.toString().contains("\"op\":\"error\"")) {
            ready.tryFail("join failed: " + frame);
          }
          return;
        }
        onFrame.handle(frame);
      });
      for (String room : rooms) {
        ws.writeTextMessage(wire.join(room));
      }
    });
    return ready.future();
  }

  public Future<Void> closeAll(List<Conn> conns) {
    List<Future<Void>> closing = new ArrayList<>();
    for (Conn c : conns) {
      closing.add(c.ws().close());
    }
    return Future.join(closing).mapEmpty();
  }
}
