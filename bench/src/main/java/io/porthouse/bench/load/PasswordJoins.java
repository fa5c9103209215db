package io.porthouse.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.UUID;

/**
 * {@code passwords}: the latency of a {@code join} into a room with rule {@code password}
 * (PBKDF2 at the server's {@code rooms.passwordIterations}) against a join into a room without
 * rules, one join in flight, each followed by a {@code leave}; and the server CPU per join of
 * each kind.
 */
public final class PasswordJoins {

  private static final String PASSWORD = "bench-password";
  private final Vertx vertx;
  private final Servers servers;
  private final WebSocketClient client;

  public PasswordJoins(Vertx vertx, Servers servers) {
    this.vertx = vertx;
    this.servers = servers;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(30_000));
  }

  public Future<JsonObject> run(int count, String query) {
    String plain = "plain-" + UUID.randomUUID();
    String locked = "locked-" + UUID.randomUUID();
    WebSocketConnectOptions to = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(servers.portFor(0))
        .setURI("/ws" + query);
    // a keeper makes both rooms and stays in them, so they live while the measured socket joins and leaves
    return client.connect(to).compose(keeperWs -> {
      Exchange keeper = new Exchange(keeperWs);
      return keeper.ask("{\"op\":\"create\",\"room\":\"" + plain + "\",\"ref\":\"c1\"}", "c1")
          .compose(v -> keeper.ask("{\"op\":\"create\",\"room\":\"" + locked + "\",\"rules\":{\"password\":\""
              + PASSWORD + "\"},\"ref\":\"c2\"}", "c2"))
          .compose(v -> keeper.ask("{\"op\":\"join\",\"room\":\"" + plain + "\",\"ref\":\"k1\"}", "k1"))
          .compose(v -> keeper.ask("{\"op\":\"join\",\"room\":\"" + locked + "\",\"ref\":\"k2\"}", "k2"))
          .compose(v -> client.connect(to))
          .compose(ws -> {
            Exchange ex = new Exchange(ws);
            return joins(ex, plain, null, count)
                .compose(plainResult -> joins(ex, locked, PASSWORD, count)
                    .map(lockedResult -> new JsonObject().put("joins", count).put("plain", plainResult)
                        .put("password", lockedResult)))
                .eventually(ws::close);
          })
          .eventually(keeperWs::close);
    });
  }

  private Future<JsonObject> joins(Exchange ex, String room, String password, int count) {
    long[] micros = new long[count];
    double cpu0 = servers.cpuSeconds();
    String join = "{\"op\":\"join\",\"room\":\"" + room + "\"" + (password == null ? "" : ",\"password\":\"" + password + "\"")
        + ",\"ref\":\"j\"}";
    String leave = "{\"op\":\"leave\",\"room\":\"" + room + "\",\"ref\":\"l\"}";
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      int k = i;
      chain = chain.compose(v -> {
        long t0 = System.nanoTime();
        return ex.ask(join, "j").compose(answer -> {
          if (!answer.contains("\"op\":\"joined\"")) {
            return Future.failedFuture("join refused: " + answer);
          }
          micros[k] = (System.nanoTime() - t0) / 1000;
          return ex.ask(leave, "l");
        });
      }).mapEmpty();
    }
    return chain.map(v -> {
      double cpu = servers.cpuSeconds() - cpu0;
      long[] sorted = micros.clone();
      Arrays.sort(sorted);
      return new JsonObject().put("p50us", sorted[count / 2]).put("p99us", sorted[Math.min(count - 1, count * 99 / 100)])
          .put("maxus", sorted[count - 1]).put("serverCpuMsPerJoin", Math.round(cpu * 1e6 / count) / 1000.0);
    });
  }

  /** One request at a time on one socket: sends a frame, completes with the first answer carrying its ref. */
  private static final class Exchange {
    private final WebSocket ws;
    private Promise<String> waiting;
    private String ref;

    Exchange(WebSocket ws) {
      this.ws = ws;
      ws.textMessageHandler(text -> {
        if (waiting != null && text.contains("\"ref\":\"" + ref + "\"")) {
          Promise<String> p = waiting;
          waiting = null;
          p.complete(text);
        }
      });
    }

    Future<String> ask(String frame, String expectRef) {
      waiting = Promise.promise();
      ref = expectRef;
      Future<String> answer = waiting.future();
      ws.writeTextMessage(frame);
      return answer;
    }
  }
}
