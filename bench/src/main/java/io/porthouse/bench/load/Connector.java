package io.porthouse.bench.load;

import io.porthouse.core.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Opens many client sockets with a bounded number of handshakes in flight and, for Porthouse,
 * joins each to its room; a socket counts as ready when it has {@code joined} (Porthouse) or is
 * connected (plain: a socket with one room connects to the path {@code /<room>}, the baseline's
 * room). Porthouse sockets connect over the wire's {@link Wire.Via}: WebSocket {@code /ws}, TCP
 * lines (authenticating with the query's token first), or the SockJS bridge's websocket transport
 * (hello with the token as a header, register the push address, join; pinged every 5 s as the npm
 * client does).
 */
public final class Connector {

  private static final long SOCKJS_PING_MILLIS = 5000;
  private static final String SOCKJS_PING = new JsonArray().add("{\"type\":\"ping\"}").encode();

  private final Vertx vertx;
  private final WebSocketClient client; // a field: an unreferenced client may be collected mid-handshake
  private final NetClient tcp;
  private final Wire wire;
  private final List<WebSocket> sockJs = new ArrayList<>();
  private final List<SockJsHttpSubscriber> sockJsHttp = new ArrayList<>();
  private final HttpClient http;
  private long pingTimer = -1;

  public Connector(Vertx vertx, Wire wire) {
    this.vertx = vertx;
    this.wire = wire;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setConnectTimeout(30_000));
    this.tcp = vertx.createNetClient(new NetClientOptions().setConnectTimeout(30_000).setTcpNoDelay(true));
    // xhr-polling: the server closes the connection after each poll, so polls never reuse one
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(30_000).setTcpNoDelay(true)
        .setKeepAlive(wire.via() != Wire.Via.SOCKJS_XHR_POLLING), new PoolOptions().setHttp1MaxSize(100_000));
  }

  /** A connected socket (over WebSocket, {@code ws} is set). */
  public record Conn(int id, WebSocket ws, Supplier<Future<Void>> closer) {
    public Future<Void> close() {
      return closer.get();
    }
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
    if (wire.mode() == Wire.Mode.PORTHOUSE && wire.via() == Wire.Via.TCP) {
      return connectTcp(id, port, uriQuery, rooms, onFrame);
    }
    if (wire.mode() == Wire.Mode.PORTHOUSE && wire.via() == Wire.Via.SOCKJS) {
      return connectSockJs(id, port, uriQuery, rooms, onFrame);
    }
    if (wire.mode() == Wire.Mode.PORTHOUSE && wire.via() == Wire.Via.MQTT) {
      return connectMqtt(id, port, uriQuery, rooms, onFrame);
    }
    if (wire.mode() == Wire.Mode.PORTHOUSE && wire.via().sockjs()) {
      return connectSockJsHttp(id, port, uriQuery, rooms, onFrame);
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(wire.mode() == Wire.Mode.PLAIN ? "/" + (rooms.length == 1 ? rooms[0] : "") : "/ws" + uriQuery);
    Promise<Conn> ready = Promise.promise();
    client.connect(options).onFailure(ready::fail).onSuccess(ws -> {
      Conn conn = new Conn(id, ws, ws::close);
      if (wire.mode() == Wire.Mode.PLAIN || rooms.length == 0) {
        ws.handler(onFrame);
        ready.complete(conn);
        return;
      }
      ws.handler(untilJoined(rooms.length, ready, conn, onFrame));
      for (String room : rooms) {
        ws.writeTextMessage(wire.join(room));
      }
    });
    return ready.future();
  }

  /** Counts {@code joined} replies (plain or escaped in a SockJS frame), then hands every later frame to {@code onFrame}. */
  private static Handler<Buffer> untilJoined(int rooms, Promise<Conn> ready, Conn conn, Handler<Buffer> onFrame) {
    int[] joined = {0};
    return frame -> {
      if (joined[0] < rooms) {
        String text = frame.toString();
        if (text.contains("\"op\":\"joined\"") || text.contains("\\\"op\\\":\\\"joined\\\"")) {
          if (++joined[0] == rooms) {
            ready.complete(conn);
          }
        } else if (text.contains("\"op\":\"error\"") || text.contains("\\\"op\\\":\\\"error\\\"")) {
          ready.tryFail("join failed: " + text);
        }
        return;
      }
      onFrame.handle(frame);
    };
  }

  private static String token(String uriQuery) {
    return URLDecoder.decode(uriQuery.substring(uriQuery.indexOf("token=") + "token=".length()), StandardCharsets.UTF_8);
  }

  /** A TCP subscriber: welcome line, auth, joins, then message lines. */
  private Future<Conn> connectTcp(int id, int port, String uriQuery, String[] rooms, Handler<Buffer> onFrame) {
    Promise<Conn> ready = Promise.promise();
    tcp.connect(port, "127.0.0.1").onFailure(ready::fail).onSuccess(socket -> {
      Conn conn = new Conn(id, null, socket::close);
      Handler<Buffer> joining = untilJoined(rooms.length, ready, conn, onFrame);
      boolean[] authed = {false};
      socket.handler(RecordParser.newDelimited("\n", line -> {
        if (!authed[0]) {
          if (line.toString().contains("\"op\":\"authed\"")) {
            authed[0] = true;
            for (String room : rooms) {
              socket.write(wire.join(room) + "\n");
            }
          } else if (line.toString().contains("\"op\":\"error\"")) {
            ready.tryFail("auth failed: " + line);
          }
          return; // the welcome, then the auth reply
        }
        joining.handle(line);
      }));
      socket.write(new JsonObject().put("op", "auth").put("token", token(uriQuery)).encode() + "\n");
    });
    return ready.future();
  }

  /** An MQTT 3.1.1 subscriber (vertx-mqtt's client) on the shared port: the token as password, a QoS 0 subscription per room. */
  private Future<Conn> connectMqtt(int id, int port, String uriQuery, String[] rooms, Handler<Buffer> onFrame) {
    MqttClient mqtt = MqttClient.create(vertx, new MqttClientOptions().setUsername("bench").setPassword(token(uriQuery))
        .setClientId("bench-" + id).setMaxMessageSize(1 << 20).setKeepAliveInterval(60));
    Promise<Conn> ready = Promise.promise();
    Conn conn = new Conn(id, null, mqtt::disconnect);
    mqtt.publishHandler(m -> onFrame.handle(m.payload()));
    mqtt.subscribeCompletionHandler(ack -> {
      if (ack.grantedQoSLevels().stream().anyMatch(q -> q == 0x80)) {
        ready.tryFail("subscription refused");
      } else {
        ready.tryComplete(conn);
      }
    });
    mqtt.connect(port, "127.0.0.1").onFailure(ready::tryFail).onSuccess(connack -> {
      Map<String, Integer> topics = new LinkedHashMap<>();
      for (String room : rooms) {
        topics.put(room, 0);
      }
      if (topics.isEmpty()) {
        ready.tryComplete(conn);
      } else {
        mqtt.subscribe(topics);
      }
    });
    return ready.future();
  }

  /** A SockJS bridge subscriber over the websocket transport, as the npm client speaks it. */
  private Future<Conn> connectSockJs(int id, int port, String uriQuery, String[] rooms, Handler<Buffer> onFrame) {
    Promise<Conn> ready = Promise.promise();
    String uri = "/eventbus/" + (id % 1000) + "/" + UUID.randomUUID().toString().replace("-", "") + "/websocket";
    JsonObject auth = new JsonObject().put("Authorization", "Bearer " + token(uriQuery));
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
        .onFailure(ready::fail).onSuccess(ws -> {
          Conn conn = new Conn(id, ws, () -> {
            sockJs.remove(ws);
            return ws.close();
          });
          Handler<Buffer> joining = untilJoined(rooms.length, ready, conn, onFrame);
          boolean[] registered = {false};
          ws.textMessageHandler(text -> {
            if (text.equals("o")) { // open: say hello with the token
              ws.writeTextMessage(sockJsFrame(new JsonObject().put("type", "send").put("address", Addresses.SOCKJS_INBOUND)
                  .put("headers", auth).put("body", new JsonObject().put("op", "hello")).put("replyAddress", "hello")));
              return;
            }
            if (!text.startsWith("a")) {
              return; // heartbeat "h", close "c[…]"
            }
            if (!registered[0]) {
              JsonObject rec = new JsonObject(new JsonArray(text.substring(1)).getString(0));
              String address = rec.getJsonObject("body").getString("address");
              registered[0] = true;
              ws.writeTextMessage(sockJsFrame(new JsonObject().put("type", "register").put("address", address)));
              for (String room : rooms) {
                ws.writeTextMessage(sockJsFrame(new JsonObject().put("type", "send").put("address", Addresses.SOCKJS_INBOUND)
                    .put("body", new JsonObject(wire.join(room))).put("replyAddress", "join-" + room)));
              }
              sockJs.add(ws);
              startPings();
              return;
            }
            joining.handle(Buffer.buffer(text));
          });
        });
    return ready.future();
  }

  /** A SockJS bridge subscriber over one of the HTTP transports, speaking as over the websocket one. */
  private Future<Conn> connectSockJsHttp(int id, int port, String uriQuery, String[] rooms, Handler<Buffer> onFrame) {
    Promise<Conn> ready = Promise.promise();
    boolean[] registered = {false};
    SockJsHttpSubscriber[] self = new SockJsHttpSubscriber[1];
    Conn conn = new Conn(id, null, () -> {
      sockJsHttp.remove(self[0]);
      return self[0].close();
    });
    Handler<Buffer> joining = untilJoined(rooms.length, ready, conn, onFrame);
    self[0] = new SockJsHttpSubscriber(http, port, wire.via(), id % 1000, text -> {
      if (text.equals("o")) {
        self[0].hello(token(uriQuery));
        return;
      }
      if (!text.startsWith("a")) {
        return; // close "c[…]"
      }
      if (!registered[0]) {
        JsonObject rec = new JsonObject(new JsonArray(text.substring(1)).getString(0));
        registered[0] = true;
        Future<Void> order = self[0].send(new JsonObject().put("type", "register")
            .put("address", rec.getJsonObject("body").getString("address")));
        for (String room : rooms) { // one send after another: polling sends are requests of their own
          order = order.compose(v -> self[0].send(new JsonObject().put("type", "send").put("address", Addresses.SOCKJS_INBOUND)
              .put("body", new JsonObject(wire.join(room))).put("replyAddress", "join-" + room)));
        }
        sockJsHttp.add(self[0]);
        startPings();
        return;
      }
      joining.handle(Buffer.buffer(text));
    });
    self[0].start();
    return ready.future();
  }

  private static String sockJsFrame(JsonObject message) {
    return new JsonArray().add(message.encode()).encode();
  }

  private void startPings() {
    if (pingTimer < 0) {
      pingTimer = vertx.setPeriodic(SOCKJS_PING_MILLIS, t -> {
        sockJs.forEach(ws -> ws.writeTextMessage(SOCKJS_PING));
        sockJsHttp.forEach(SockJsHttpSubscriber::ping);
      });
    }
  }

  public Future<Void> closeAll(List<Conn> conns) {
    List<Future<Void>> closing = new ArrayList<>();
    for (Conn c : conns) {
      closing.add(c.close());
    }
    if (pingTimer >= 0 && sockJs.isEmpty() && sockJsHttp.isEmpty()) {
      vertx.cancelTimer(pingTimer);
      pingTimer = -1;
    }
    return Future.join(closing).mapEmpty();
  }
}
