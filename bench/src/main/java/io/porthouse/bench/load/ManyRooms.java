package io.porthouse.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.Random;

/**
 * {@code rooms}: R rooms of M members each, made of S sockets that each join R·M/S rooms (by
 * default S = R·M: each socket in one room, which the baseline can serve too, its room being the
 * URL path); messages go at a fixed total rate to random rooms, each from one of that room's
 * members. Reports the set-up time (connect and join every socket), deliveries/s, server CPU,
 * deliveries per server CPU-second, latency and loss after a drain.
 */
public final class ManyRooms {

  private final Vertx vertx;
  private final Wire wire;
  private final Servers servers;
  private final int rooms;
  private final int members;
  private final int sockets;
  private final Histogram latency = new Histogram(60_000_000_000L, 3);
  private long delivered;
  private int warmupMessages;

  public ManyRooms(Vertx vertx, Wire wire, Servers servers, int rooms, int members, int sockets) {
    this.vertx = vertx;
    this.wire = wire;
    this.servers = servers;
    this.rooms = rooms;
    this.members = members;
    this.sockets = sockets;
  }

  /** Membership m (0 ≤ m < R·M) puts socket m / (R·M/S) into room m % R: every room gets M distinct sockets. */
  private String[] roomsOf(int socket) {
    int perSocket = rooms * members / sockets;
    String[] names = new String[perSocket];
    for (int k = 0; k < perSocket; k++) {
      names[k] = "r" + ((socket * perSocket + k) % rooms);
    }
    return names;
  }

  private int memberOf(int room, int k) {
    int perSocket = rooms * members / sockets;
    return (room + k * rooms) / perSocket;
  }

  /** Sends for {@code warmupSeconds} unmeasured (so the JIT settles), then {@code seconds} measured. */
  public Future<JsonObject> run(int ratePerSecond, int warmupSeconds, int seconds, String query) {
    Connector connector = new Connector(vertx, wire);
    long setupStart = System.nanoTime();
    return connector.open(sockets, 100, servers::portFor, query, this::roomsOf, i -> this::onFrame)
        .compose(conns -> {
          long setupMillis = (System.nanoTime() - setupStart) / 1_000_000;
          Promise<JsonObject> done = Promise.promise();
          WebSocket[] byId = new WebSocket[sockets];
          for (Connector.Conn c : conns) {
            byId[c.id()] = c.ws();
          }
          Random random = new Random(42);
          warmupMessages = ratePerSecond * warmupSeconds;
          int measured = ratePerSecond * seconds;
          int total = warmupMessages + measured;
          int[] sent = {0};
          long[] t0 = {System.nanoTime()};
          double[] cpu0 = {servers.cpuSeconds()};
          GcPauses[] gc = {GcPauses.mark(servers)};
          double perTick = ratePerSecond / 100.0;
          double[] credit = {0};
          vertx.setPeriodic(10, id -> {
            credit[0] += perTick;
            while (credit[0] >= 1 && sent[0] < total) {
              credit[0] -= 1;
              if (sent[0] == warmupMessages) {
                t0[0] = System.nanoTime();
                cpu0[0] = servers.cpuSeconds();
                gc[0] = GcPauses.mark(servers);
              }
              int room = random.nextInt(rooms);
              WebSocket from = byId[memberOf(room, random.nextInt(members))];
              from.writeTextMessage(wire.publish("r" + room, Wire.payload(System.nanoTime(), sent[0]++)));
            }
            if (sent[0] >= total) {
              vertx.cancelTimer(id);
              double sendSeconds = (System.nanoTime() - t0[0]) / 1e9;
              vertx.setTimer(5000, t -> {
                double cpu = servers.cpuSeconds() - cpu0[0];
                double[] pauses = gc[0].since();
                long expected = (long) measured * (members - 1);
                done.complete(new JsonObject().put("rooms", rooms).put("members", members).put("sockets", sockets)
                    .put("setupMillis", setupMillis)
                    .put("ratePerSecond", ratePerSecond).put("messages", measured).put("deliveries", delivered)
                    .put("msgsPerSec", Math.round(measured / sendSeconds))
                    .put("deliveriesPerSec", Math.round(delivered / sendSeconds))
                    .put("serverCpuSec", Math.round(cpu * 1000) / 1000.0)
                    .put("deliveriesPerCpuSec", Math.round(delivered / cpu))
                    .put("serverCpuUsPerMsg", Math.round(cpu * 1e6 / measured))
                    .put("p50us", latency.getValueAtPercentile(50) / 1000)
                    .put("p99us", latency.getValueAtPercentile(99) / 1000)
                    .put("p999us", latency.getValueAtPercentile(99.9) / 1000)
                    .put("lost", expected - delivered)
                    .put("gcPauses", pauses[0]).put("gcPauseMs", pauses[1]).put("gcPauseMaxMs", pauses[2]));
              });
            }
          });
          return done.future().eventually(() -> connector.closeAll(conns));
        });
  }

  private void onFrame(Buffer frame) {
    wire.forEachMessage(frame, (sendNanos, index) -> {
      if (index >= warmupMessages) {
        delivered++;
        latency.recordValue(Math.max(0, System.nanoTime() - sendNanos));
      }
    });
  }

}
