package io.porthouse.hooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.porthouse.core.ops.Operations;
import io.porthouse.roomstate.DrainOutbox;
import io.porthouse.roomstate.OutboxBatch;
import io.porthouse.roomstate.store.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Delivers rooms' webhook events to {@code webhooks.url}: for each room told to it, takes the
 * lease on the room's outbox (kept in the room's state: {@link DrainOutbox}), POSTs its events in
 * order, a batch at a time, signed as hooks are; acknowledges each delivered batch and goes on
 * until the outbox is empty. A failed POST is sent again, the same events under the same ids,
 * after an exponential backoff with jitter, the lease held meanwhile: so a room's events arrive
 * at least once and in order, and one room's trouble delays no other room. At most
 * {@code webhooks.maxInFlight} rooms are delivered at once; the rest wait their turn. Used on the
 * hooks verticle's event loop.
 */
final class Webhooks {

  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
  /** How long a lease outlives what its holder said it needs (besides one timeout): the holder dies, another takes over after. */
  private static final long LEASE_MARGIN_MILLIS = 1_000;

  private final Vertx vertx;
  private final WebClient client;
  private final RoomStore store;
  private final RequestSigner signer;
  private final String url;
  private final long timeoutMillis;
  private final int maxInFlight;
  private final int batchSize;
  private final long retryMinMillis;
  private final long retryMaxMillis;
  /** Who holds leases from here: this verticle instance. */
  private final String holder = "webhooks-" + UUID.randomUUID();
  private final Set<String> delivering = new HashSet<>();
  private final LinkedHashSet<String> waiting = new LinkedHashSet<>();
  private boolean stopped;

  private final Timer latency = Timer.builder("porthouse.webhooks.latency")
      .description("one webhook delivery (a batch of a room's events), from sending to the answer")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(60))
      .register(Operations.meters());
  private final Counter delivered = Counter.builder("porthouse.webhooks.delivered")
      .description("webhook events the application acknowledged (2xx)").register(Operations.meters());
  private final Counter failed = Counter.builder("porthouse.webhooks.failed")
      .description("webhook deliveries that failed and will be sent again").register(Operations.meters());
  private final Counter dropped = Counter.builder("porthouse.webhooks.dropped")
      .description("webhook events a room's bound dropped before delivery (told to the application as 'dropped')")
      .register(Operations.meters());

  Webhooks(Vertx vertx, WebClient client, RoomStore store, JsonObject settings, RequestSigner signer) {
    this.vertx = vertx;
    this.client = client;
    this.store = store;
    this.signer = signer;
    this.url = settings.getString("url");
    this.timeoutMillis = settings.getLong("timeoutMillis");
    this.maxInFlight = settings.getInteger("maxInFlight");
    this.batchSize = settings.getInteger("batchSize");
    this.retryMinMillis = settings.getLong("retryMinMillis");
    this.retryMaxMillis = settings.getLong("retryMaxMillis");
  }

  /** {@code room} has events to deliver (again: a room being delivered picks them up itself). */
  void drain(String room) {
    if (stopped || delivering.contains(room)) {
      return;
    }
    if (delivering.size() >= maxInFlight) {
      waiting.add(room);
      return;
    }
    delivering.add(room);
    step(room, 0, 0, 0);
  }

  /** Acknowledges up to {@code upTo} (0: nothing), renews the lease for {@code needMillis}, and delivers what comes next. */
  private void step(String room, long upTo, long droppedTold, long needMillis) {
    store.apply(room, new DrainOutbox(holder, upTo, droppedTold, System.currentTimeMillis(),
            Math.max(needMillis, timeoutMillis) + timeoutMillis + LEASE_MARGIN_MILLIS, batchSize))
        .onComplete(ar -> {
          if (stopped) {
            return;
          }
          if (ar.failed()) { // the room's sequencer is being replaced: the sweeper asks again later
            LOG.debug("webhooks: room '{}' not reached: {}", room, ar.cause().toString());
            done(room);
            return;
          }
          OutboxBatch batch = ar.result();
          if (batch.busy() || batch.isEmpty()) {
            done(room); // another holds it, or all is delivered
            return;
          }
          post(room, batch, 0);
        });
  }

  private void post(String room, OutboxBatch batch, int attempt) {
    String head = new JsonObject().put("room", room).put("dropped", batch.dropped()).encode();
    Buffer body = Buffer.buffer(head.substring(0, head.length() - 1)).appendString(",\"events\":[")
        .appendString(String.join(",", batch.events())).appendString("]}"); // each event's JSON as the room made it
    String requestId = room + "/" + batch.last(); // the same on every attempt of this batch
    long start = System.nanoTime();
    signer.post(client, url, timeoutMillis, requestId, body)
        .transform(ar -> ar.succeeded() && ar.result().statusCode() / 100 == 2 ? Future.succeededFuture()
            : Future.failedFuture(ar.failed() ? ar.cause().toString() : "HTTP " + ar.result().statusCode()))
        .onComplete(ar -> {
          if (stopped) {
            return;
          }
          if (ar.succeeded()) {
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            delivered.increment(batch.events().length);
            dropped.increment(batch.dropped());
            step(room, batch.last(), batch.dropped(), 0);
            return;
          }
          failed.increment();
          long delay = backoff(attempt);
          LOG.debug("webhooks: room '{}' not delivered ({}), again in {} ms", room, ar.cause().getMessage(), delay);
          // the lease is renewed for the wait, so nobody else sends them meanwhile (and out of order)
          store.apply(room, new DrainOutbox(holder, 0, 0, System.currentTimeMillis(), delay + 2 * timeoutMillis
              + LEASE_MARGIN_MILLIS, batchSize)).onComplete(renewed -> {
                if (renewed.failed() || renewed.result().busy() || renewed.result().isEmpty()) {
                  done(room);
                  return;
                }
                OutboxBatch again = renewed.result(); // the same first events, perhaps more after them
                vertx.setTimer(delay, t -> {
                  if (!stopped) {
                    post(room, again, attempt + 1);
                  }
                });
              });
        });
  }

  /** Exponential from {@code retryMinMillis}, at most {@code retryMaxMillis}, each ±50 % at random. */
  long backoff(int attempt) {
    long base = Math.min(retryMaxMillis, retryMinMillis << Math.min(attempt, 30));
    return Math.max(1, (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble())));
  }

  private void done(String room) {
    delivering.remove(room);
    while (!waiting.isEmpty() && delivering.size() < maxInFlight) {
      String next = waiting.iterator().next();
      waiting.remove(next);
      drain(next);
    }
  }

  /** Rooms being delivered and waiting (for tests and health). */
  int pending() {
    return delivering.size() + waiting.size();
  }

  void stop() {
    stopped = true;
  }
}
