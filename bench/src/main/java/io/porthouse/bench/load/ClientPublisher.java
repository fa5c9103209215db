package io.porthouse.bench.load;

import io.porthouse.client.PorthouseClient;
import io.porthouse.client.PorthouseClientOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code client}: the Java client (clients/java) as a publisher. One {@link PorthouseClient} sends
 * to one room for {@code --seconds}, as fast as its bound on requests in flight lets it (each send
 * waits for its ack; {@code --client-in-flight}, default 256); a WebSocket member of the room
 * counts what is delivered. Answers acked and delivered messages per second, the ack latency
 * (send to ack, in the client), and the server's CPU per message.
 */
public final class ClientPublisher {

  private final Vertx vertx;
  private final Servers servers;
  private final String query;
  private long delivered;

  public ClientPublisher(Vertx vertx, Servers servers, String query) {
    this.vertx = vertx;
    this.servers = servers;
    this.query = query;
  }

  public Future<JsonObject> run(int seconds, int inFlight) {
    return run("client-bench", seconds, inFlight);
  }

  /** The same, to room {@code roomName}. */
  public Future<JsonObject> run(String roomName, int seconds, int inFlight) {
    Wire wire = new Wire(Wire.Mode.PORTHOUSE);
    Connector connector = new Connector(vertx, wire);
    String[] room = {roomName};
    String token = URLDecoder.decode(query.substring(query.indexOf("token=") + 6), StandardCharsets.UTF_8);
    PorthouseClient client = PorthouseClient.create(vertx, new PorthouseClientOptions()
        .addServer("127.0.0.1", servers.portFor(0)).setToken(token).setMaxInFlight(inFlight, inFlight));
    return connector.open(1, 1, servers::portFor, query, i -> room, i -> frame -> wire.forEachMessage(frame, (t, k) -> delivered++))
        .compose(member -> client.connect()
            .compose(w -> client.join(room[0]))
            .compose(j -> publish(client, room[0], 2, inFlight)) // warm-up
            .compose(warm -> publish(client, room[0], seconds, inFlight))
            .eventually(client::close)
            .eventually(() -> connector.closeAll(member)));
  }

  private Future<JsonObject> publish(PorthouseClient client, String room, int seconds, int inFlight) {
    Histogram acks = new Histogram(60_000_000_000L, 3);
    long[] acked = {0};
    long[] failed = {0};
    long delivered0 = delivered;
    double cpu0 = servers.cpuSeconds();
    return ClosedLoop.run(vertx, seconds, inFlight, () -> {
      long sent = System.nanoTime();
      return client.send(room, new JsonObject(Wire.payload(sent, 0))).onComplete(ar -> {
        if (ar.succeeded()) {
          acked[0]++;
          acks.recordValue(Math.min(System.nanoTime() - sent, acks.getHighestTrackableValue()));
        } else {
          failed[0]++;
        }
      });
    }).map(s -> {
      double cpu = servers.cpuSeconds() - cpu0;
      return new JsonObject().put("inFlight", inFlight).put("ackedPerSec", Math.round(acked[0] / s))
          .put("failed", failed[0]).put("deliveredPerSec", Math.round((delivered - delivered0) / s))
          .put("ackP50us", acks.getValueAtPercentile(50) / 1000).put("ackP99us", acks.getValueAtPercentile(99) / 1000)
          .put("serverCpuUsPerMsg", acked[0] == 0 ? null : Math.round(cpu * 1e6 / acked[0]));
    });
  }
}
