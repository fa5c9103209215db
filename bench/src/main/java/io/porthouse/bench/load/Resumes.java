package io.porthouse.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * {@code resume}: {@code count} sockets are in one room and go away; {@code missed} messages are
 * sent; then all come back (100 handshakes in flight) and resume with the seq and epoch they last
 * saw. Measures the time from the first reconnect until every socket got all it missed and its
 * {@code joined} with {@code recovered:true}, and the server CPU it took.
 */
public final class Resumes {

  private final Vertx vertx;
  private final Wire wire = new Wire(Wire.Mode.PORTHOUSE);
  private final Servers servers;
  private final WebSocketClient client; // a field: an unreferenced client may be collected mid-handshake

  public Resumes(Vertx vertx, Servers servers) {
    this.vertx = vertx;
    this.servers = servers;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setConnectTimeout(30_000));
  }

  public Future<JsonObject> run(int count, int missed, String query) {
    Connector connector = new Connector(vertx, wire);
    String[] room = {"resume"};
    return connector.open(count, 100, servers::portFor, query, i -> room, i -> f -> { })
        .compose(members -> connector.open(1, 1, servers::portFor, query, i -> room, i -> f -> { })
            .compose(pubs -> epochAndSeq(pubs.get(0).ws())
                .compose(at -> connector.closeAll(members)
                    .compose(v -> publish(pubs.get(0).ws(), missed))
                    .compose(v -> resumeAll(count, missed, at, query))
                    .eventually(() -> connector.closeAll(pubs)))));
  }

  /** The room's epoch and last seq, as a member that saw everything would know them. */
  private Future<JsonObject> epochAndSeq(WebSocket ws) {
    Promise<JsonObject> done = Promise.promise();
    ws.textMessageHandler(text -> {
      if (text.contains("\"op\":\"history\"")) {
        JsonObject h = new JsonObject(text);
        done.tryComplete(new JsonObject().put("epoch", h.getString("epoch")).put("seq", h.getLong("seq")));
      }
    });
    ws.writeTextMessage("{\"op\":\"history\",\"room\":\"resume\",\"limit\":1}");
    return done.future();
  }

  /** Sends {@code n} messages and waits for the last ack. */
  private Future<Void> publish(WebSocket ws, int n) {
    Promise<Void> done = Promise.promise();
    ws.textMessageHandler(text -> {
      if (text.contains("\"ref\":\"last\"")) {
        done.tryComplete();
      }
    });
    for (int i = 0; i < n; i++) {
      String ref = i == n - 1 ? ",\"ref\":\"last\"" : "";
      ws.writeTextMessage("{\"op\":\"send\",\"room\":\"resume\",\"data\":" + Wire.payload(System.nanoTime(), i) + ref + "}");
    }
    return done.future();
  }

  private Future<JsonObject> resumeAll(int count, int missed, JsonObject at, String query) {
    Promise<JsonObject> done = Promise.promise();
    long start = System.nanoTime();
    double cpu0 = servers.cpuSeconds();
    int[] next = {0};
    int[] finished = {0};
    int[] recovered = {0};
    String join = "{\"op\":\"join\",\"room\":\"resume\",\"since\":" + at.getLong("seq") + ",\"epoch\":\""
        + at.getString("epoch") + "\",\"ref\":\"r\"}";
    Runnable[] launch = new Runnable[1];
    launch[0] = () -> {
      int i = next[0]++;
      if (i >= count) {
        return;
      }
      client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(servers.portFor(i)).setURI("/ws" + query))
          .onFailure(done::tryFail)
          .onSuccess(ws -> {
            int[] got = {0};
            boolean[] joined = {false};
            ws.handler((Buffer frame) -> {
              String text = frame.toString();
              if (wire.isMessage(frame)) {
                got[0]++;
              } else if (text.contains("\"op\":\"joined\"")) {
                joined[0] = true;
                if (text.contains("\"recovered\":true")) {
                  recovered[0]++;
                }
              }
              if (joined[0] && got[0] == missed) {
                ws.handler(null);
                ws.close();
                if (++finished[0] == count) {
                  double seconds = (System.nanoTime() - start) / 1e9;
                  done.tryComplete(new JsonObject().put("sockets", count).put("missedEach", missed)
                      .put("resumeMillis", Math.round(seconds * 1000)).put("resumedPerSec", Math.round(count / seconds))
                      .put("recovered", recovered[0]).put("replayedMessages", (long) count * missed)
                      .put("serverCpuSec", Math.round((servers.cpuSeconds() - cpu0) * 1000) / 1000.0));
                } else {
                  launch[0].run();
                }
              }
            });
            ws.writeTextMessage(join);
          });
    };
    vertx.runOnContext(v -> {
      for (int k = 0; k < Math.min(100, count); k++) {
        launch[0].run();
      }
    });
    return done.future();
  }
}
