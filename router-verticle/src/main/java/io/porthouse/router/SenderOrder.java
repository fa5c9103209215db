package io.porthouse.router;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps one sender's messages in the order sent: a message's next step (its sequencing call)
 * starts only once the previous message of the same sender has been sequenced. Senders run
 * concurrently. Embedded, sequencing completes at once and this costs nothing; clustered, a
 * single sender gets one message per round trip to the room's owner. Pipelining a sender's calls
 * was measured (3.0x the single-publisher throughput) but let Hazelcast's internal retries during
 * partition migration reorder them and, under load, leave seq gaps (ShardedRoomsTest), so order
 * wins until the room itself can order a sender's calls. Not thread-safe: used on the router's
 * event loop.
 */
final class SenderOrder {

  private final Map<String, Future<?>> gates = new HashMap<>();

  /** Runs {@code next} on {@code passed}'s result once the previous work of {@code sender} has completed. */
  <A, T> Future<T> submit(String sender, Future<A> passed, Function<A, Future<T>> next) {
    Future<?> previous = gates.get(sender);
    Future<T> mine = previous == null ? passed.compose(next) : previous.transform(ignored -> passed.compose(next));
    if (!mine.isComplete()) {
      gates.put(sender, mine);
      mine.onComplete(ar -> gates.remove(sender, mine));
    }
    return mine;
  }

  /** Senders with work in flight (for tests). */
  int inFlight() {
    return gates.size();
  }
}
