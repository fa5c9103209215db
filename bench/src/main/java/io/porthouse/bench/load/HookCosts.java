package io.porthouse.bench.load;

import io.porthouse.client.PorthouseClient;
import io.porthouse.client.PorthouseClientOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code hooks}: what asking the application's backend costs, against the same rooms without
 * hooks. A publisher sends to room {@code hooked:bench} as fast as its acks let it
 * ({@link ClientPublisher}: acked messages per second, ack latency, server CPU per message); then
 * one client joins {@code --count} fresh rooms {@code hooked:join-<n>} one after the other (each
 * made by the template, then left), timing each join from request to answer.
 */
public final class HookCosts {

  private final Vertx vertx;
  private final Servers servers;
  private final String query;

  public HookCosts(Vertx vertx, Servers servers, String query) {
    this.vertx = vertx;
    this.servers = servers;
    this.query = query;
  }

  public Future<JsonObject> run(int seconds, int inFlight, int joins) {
    return new ClientPublisher(vertx, servers, query).run("hooked:bench", seconds, inFlight)
        .compose(publish -> joins(joins).map(join -> publish.mergeIn(join)));
  }

  private Future<JsonObject> joins(int count) {
    String token = URLDecoder.decode(query.substring(query.indexOf("token=") + 6), StandardCharsets.UTF_8);
    PorthouseClient client = PorthouseClient.create(vertx, new PorthouseClientOptions()
        .addServer("127.0.0.1", servers.portFor(0)).setToken(token));
    Histogram latency = new Histogram(60_000_000_000L, 3);
    String run = Long.toString(System.nanoTime(), 36);
    return client.connect()
        .compose(w -> joinFrom(client, run, 0, count / 5, null)) // warm-up
        .compose(v -> joinFrom(client, run, count / 5, count / 5 + count, latency))
        .map(v -> new JsonObject().put("joins", count).put("joinP50us", latency.getValueAtPercentile(50) / 1000)
            .put("joinP99us", latency.getValueAtPercentile(99) / 1000))
        .eventually(client::close);
  }

  /**
   * Joins and leaves rooms {@code from} to {@code to} one after the other, each join timed into
   * {@code latency} (if given). A loop of callbacks, not a chain of futures: thousands of nested
   * futures would complete through as many stack frames.
   */
  private Future<Void> joinFrom(PorthouseClient client, String run, int from, int to, Histogram latency) {
    Promise<Void> done = Promise.promise();
    int[] next = {from};
    Runnable[] step = new Runnable[1];
    step[0] = () -> {
      if (next[0] >= to) {
        done.complete();
        return;
      }
      String room = "hooked:join-" + run + "-" + next[0]++;
      long t0 = System.nanoTime();
      client.join(room)
          .compose(joined -> {
            if (latency != null) {
              latency.recordValue(Math.min(System.nanoTime() - t0, latency.getHighestTrackableValue()));
            }
            return client.leave(room);
          })
          .onSuccess(left -> step[0].run())
          .onFailure(done::fail);
    };
    step[0].run();
    return done.future();
  }
}
