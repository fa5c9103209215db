package io.porthouse.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.HdrHistogram.Histogram;


/**
 * {@code fanout} and {@code rate}: N subscribers in one room and one publisher. In window mode at
 * most W messages are in flight (a message is done when all N have it); in rate mode messages go
 * out at a fixed rate and losses are counted after a drain. Single-threaded: the client Vert.x
 * has one event loop, so send and receive times share one clock and no state is shared across
 * threads.
 */
public final class Fanout {

  /** Parameters of one run. */
  public record Params(int subscribers, int window, int warmupMessages, int messages, int ratePerSecond,
                       String room, String query) {
  }

  private final Vertx vertx;
  private final Wire wire;
  private final Servers servers;
  private final Params p;
  private final int total;
  private final int[] remaining;
  private final Histogram latency = new Histogram(60_000_000_000L, 3);
  private WebSocket publisher;
  private int sent;
  private int completed;
  private long measuredDeliveries;
  private long t0;
  private double cpu0;
  private final Promise<JsonObject> done = Promise.promise();

  public Fanout(Vertx vertx, Wire wire, Servers servers, Params params) {
    this.vertx = vertx;
    this.wire = wire;
    this.servers = servers;
    this.p = params;
    this.total = params.warmupMessages + params.messages;
    this.remaining = new int[total];
    Arrays.fill(remaining, params.subscribers);
  }

  public Future<JsonObject> run() {
    Connector connector = new Connector(vertx, wire);
    Connector publishing = new Connector(vertx, wire.overWebSocket());
    String[] room = {p.room()};
    return connector.open(p.subscribers(), 64, i -> servers.portFor(i, wire.via()), p.query(), i -> room, i -> this::onFrame)
        .compose(subs -> publishing.open(1, 1, i -> servers.publisherPort(), p.query(), i -> room, i -> f -> { })
            .compose(pubs -> {
              publisher = pubs.get(0).ws();
              vertx.runOnContext(v -> start());
              return done.future().eventually(() -> connector.closeAll(subs).eventually(() -> publishing.closeAll(pubs)));
            }));
  }

  private void start() {
    if (p.ratePerSecond() > 0) {
      long tickMillis = 10;
      double perTick = p.ratePerSecond() * tickMillis / 1000.0;
      double[] credit = {0};
      vertx.setPeriodic(tickMillis, id -> {
        credit[0] += perTick;
        while (credit[0] >= 1 && sent < total) {
          credit[0] -= 1;
          sendOne();
        }
        if (sent >= total) {
          vertx.cancelTimer(id);
          // drain: give the last messages 5 s to arrive, then count what is missing as lost
          vertx.setTimer(5000, t -> finish());
        }
      });
    } else {
      for (int i = 0; i < p.window() && sent < total; i++) {
        sendOne();
      }
    }
  }

  private void sendOne() {
    int i = sent++;
    if (i == p.warmupMessages()) {
      t0 = System.nanoTime();
      cpu0 = servers.cpuSeconds();
    }
    publisher.writeTextMessage(wire.publish(p.room(), Wire.payload(System.nanoTime(), i)));
  }

  private void onFrame(Buffer frame) {
    wire.forEachMessage(frame, this::onMessage);
  }

  private void onMessage(long sendNanos, int i) {
    long now = System.nanoTime();
    if (i < 0 || i >= total) {
      return;
    }
    if (i >= p.warmupMessages()) {
      measuredDeliveries++;
      latency.recordValue(Math.max(0, now - sendNanos));
    }
    if (--remaining[i] == 0) {
      completed++;
      if (p.ratePerSecond() <= 0) {
        if (sent < total) {
          sendOne();
        } else if (completed == total) {
          finish();
        }
      }
    }
  }

  private void finish() {
    if (done.future().isComplete()) {
      return;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = servers.cpuSeconds() - cpu0;
    long expected = (long) p.messages() * p.subscribers();
    JsonObject r = new JsonObject()
        .put("subscribers", p.subscribers()).put("window", p.window()).put("messages", p.messages())
        .put("ratePerSecond", p.ratePerSecond())
        .put("deliveries", measuredDeliveries).put("seconds", round(seconds))
        .put("deliveriesPerSec", Math.round(measuredDeliveries / seconds))
        .put("serverCpuSec", round(cpu))
        .put("deliveriesPerCpuSec", cpu > 0 ? Math.round(measuredDeliveries / cpu) : null)
        .put("p50us", latency.getValueAtPercentile(50) / 1000)
        .put("p99us", latency.getValueAtPercentile(99) / 1000)
        .put("p999us", latency.getValueAtPercentile(99.9) / 1000)
        .put("maxus", latency.getMaxValue() / 1000)
        .put("lost", expected - measuredDeliveries);
    done.tryComplete(r);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

}
