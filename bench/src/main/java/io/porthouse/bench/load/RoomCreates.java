package io.porthouse.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * {@code creates}: how fast one socket of role {@code owner} creates rooms, {@code inFlight} at a
 * time: {@code count} transient rooms, then {@code count} persistent ones (each stored in the
 * database before it exists), with the server CPU per create of each.
 */
public final class RoomCreates {

  private final Vertx vertx;
  private final Servers servers;
  private final WebSocketClient client;

  public RoomCreates(Vertx vertx, Servers servers) {
    this.vertx = vertx;
    this.servers = servers;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(30_000));
  }

  public Future<JsonObject> run(int count, int inFlight, String ownerQuery) {
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(servers.portFor(0))
            .setURI("/ws" + ownerQuery))
        .compose(ws -> phase(ws, "t", "{}", count, inFlight)
            .compose(transientResult -> phase(ws, "p", "{\"persistent\":true}", count, inFlight)
                .map(persistentResult -> new JsonObject().put("creates", count).put("inFlight", inFlight)
                    .put("transient", transientResult).put("persistent", persistentResult)))
            .eventually(ws::close));
  }

  private Future<JsonObject> phase(WebSocket ws, String tag, String rules, int count, int inFlight) {
    Promise<JsonObject> done = Promise.promise();
    String prefix = "bench-" + tag + "-" + UUID.randomUUID() + "-";
    int[] sent = {0};
    int[] answered = {0};
    long t0 = System.nanoTime();
    double cpu0 = servers.cpuSeconds();
    Runnable next = () -> {
      int i = sent[0]++;
      ws.writeTextMessage("{\"op\":\"create\",\"room\":\"" + prefix + i + "\",\"rules\":" + rules + ",\"ref\":" + i + "}");
    };
    ws.textMessageHandler(text -> {
      if (text.contains("\"op\":\"welcome\"")) {
        return;
      }
      if (!text.contains("\"op\":\"created\"")) {
        done.tryFail("create refused: " + text);
        return;
      }
      if (++answered[0] == count) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        done.tryComplete(new JsonObject().put("seconds", Math.round(seconds * 1000) / 1000.0)
            .put("createsPerSec", Math.round(count / seconds))
            .put("serverCpuMsPerCreate", Math.round((servers.cpuSeconds() - cpu0) * 1e6 / count) / 1000.0));
      } else if (sent[0] < count) {
        next.run();
      }
    });
    for (int k = 0; k < Math.min(inFlight, count); k++) {
      next.run();
    }
    return done.future();
  }
}
