package io.porthouse.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * {@code join}: how fast sockets become ready (connected, and for Porthouse joined to a room),
 * with a bounded number of handshakes in flight; {@code conns} keeps them open and idle so the
 * caller can read the server's memory.
 */
public final class Joins {

  private final Vertx vertx;
  private final Wire wire;
  private final Servers servers;

  public Joins(Vertx vertx, Wire wire, Servers servers) {
    this.vertx = vertx;
    this.wire = wire;
    this.servers = servers;
  }

  /** Opens {@code count} sockets (each joined to one of {@code rooms} rooms) and keeps them open. */
  public Future<Opened> open(int count, int inFlight, int rooms, String query) {
    Connector connector = new Connector(vertx, wire);
    long t0 = System.nanoTime();
    double cpu0 = servers.cpuSeconds();
    return connector.open(count, inFlight, servers::portFor, query,
            i -> new String[] {"room-" + (i % rooms)}, i -> frame -> { })
        .map(conns -> {
          double seconds = (System.nanoTime() - t0) / 1e9;
          double cpu = servers.cpuSeconds() - cpu0;
          JsonObject r = new JsonObject().put("sockets", count).put("inFlight", inFlight).put("rooms", rooms)
              .put("seconds", Math.round(seconds * 1000) / 1000.0)
              .put("readyPerSec", Math.round(count / seconds))
              .put("serverCpuSec", Math.round(cpu * 1000) / 1000.0);
          return new Opened(r, () -> connector.closeAll(conns));
        });
  }

  /** Sockets that are open, the figures of opening them, and how to close them. */
  public record Opened(JsonObject result, Supplier<Future<Void>> close) {
  }
}
