package io.porthouse.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code posts}: what one single-shot client reaches. HTTP POST: one client (one keep-alive
 * connection, then {@code --http-in-flight} requests in flight over as many connections) posting
 * for {@code --seconds}; UDP: one socket sending datagrams at each rate of a ladder for
 * {@code --seconds} each. A WebSocket member of the room counts what was delivered, so loss is
 * measured, not assumed.
 */
public final class PostRates {

  private final Vertx vertx;
  private final Servers servers;
  private final String query;
  private final HttpClient http;
  private long delivered;

  public PostRates(Vertx vertx, Servers servers, String query) {
    this.vertx = vertx;
    this.servers = servers;
    this.query = query;
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
  }

  private String token() {
    return URLDecoder.decode(query.substring(query.indexOf("token=") + 6), StandardCharsets.UTF_8);
  }

  public Future<JsonObject> run(int seconds, int inFlight, int udpPort, int[] udpRates) {
    Wire wire = new Wire(Wire.Mode.PORTHOUSE);
    Connector connector = new Connector(vertx, wire);
    String[] room = {"posts"};
    return connector.open(1, 1, servers::portFor, query, i -> room, i -> frame -> wire.forEachMessage(frame, (t, k) -> delivered++))
        .compose(member -> http(seconds, 1)
            .compose(one -> http(seconds, inFlight).map(many -> new JsonObject().put("http1", one).put("httpN", many)))
            .compose(r -> udp(udpPort, udpRates, seconds).map(u -> r.put("udp", u)))
            .eventually(() -> connector.closeAll(member)));
  }

  /** Posts for {@code seconds} with {@code inFlight} requests outstanding; answers accepted/s and delivered/s. */
  private Future<JsonObject> http(int seconds, int inFlight) {
    long[] accepted = {0};
    long[] refused = {0};
    long delivered0 = delivered;
    double cpu0 = servers.cpuSeconds();
    String auth = "Bearer " + token();
    return ClosedLoop.run(vertx, seconds, inFlight, () -> http.request(new RequestOptions().setMethod(HttpMethod.POST)
            .setHost("127.0.0.1").setPort(servers.portFor(0)).setURI("/rooms/posts/messages")
            .putHeader("Authorization", auth).putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(Buffer.buffer("{\"t\":" + System.nanoTime() + "}")))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() == 202) {
            accepted[0]++;
          } else {
            refused[0]++;
          }
        })).map(s -> {
          double cpu = servers.cpuSeconds() - cpu0;
          return new JsonObject().put("inFlight", inFlight).put("postsPerSec", Math.round(accepted[0] / s))
              .put("refused", refused[0]).put("deliveredPerSec", Math.round((delivered - delivered0) / s))
              .put("serverCpuUsPerPost", accepted[0] == 0 ? null : Math.round(cpu * 1e6 / accepted[0]));
        });
  }

  /** Sends datagrams at each rate for {@code seconds}; answers per rate what was sent and delivered. */
  private Future<JsonArray> udp(int port, int[] rates, int seconds) {
    DatagramSocket socket = vertx.createDatagramSocket();
    JsonArray out = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (int rate : rates) {
      chain = chain.compose(v -> udpAt(socket, port, rate, seconds).map(r -> {
        out.add(r);
        return null;
      }));
    }
    return chain.eventually(socket::close).map(v -> out);
  }

  private Future<JsonObject> udpAt(DatagramSocket socket, int port, int rate, int seconds) {
    Promise<JsonObject> done = Promise.promise();
    String prefix = "{\"op\":\"send\",\"room\":\"posts\",\"token\":\"" + token() + "\",\"data\":";
    long tickMillis = 10;
    double perTick = rate * tickMillis / 1000.0;
    long total = (long) rate * seconds;
    long[] sent = {0};
    double[] credit = {0};
    long delivered0 = delivered;
    double cpu0 = servers.cpuSeconds();
    vertx.setPeriodic(tickMillis, id -> {
      credit[0] += perTick;
      while (credit[0] >= 1 && sent[0] < total) {
        credit[0] -= 1;
        sent[0]++;
        socket.send(Buffer.buffer(prefix + "{\"t\":" + System.nanoTime() + ",\"i\":" + sent[0] + "}}"), port, "127.0.0.1");
      }
      if (sent[0] >= total) {
        vertx.cancelTimer(id);
        vertx.setTimer(1000, t -> {
          long got = delivered - delivered0;
          double cpu = servers.cpuSeconds() - cpu0;
          done.complete(new JsonObject().put("ratePerSecond", rate).put("sent", sent[0]).put("delivered", got)
              .put("lost", sent[0] - got).put("serverCpuUsPerDatagram", got == 0 ? null : Math.round(cpu * 1e6 / got)));
        });
      }
    });
    return done.future();
  }
}
