package io.porthouse.router;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps one sender's messages in the order sent while the interceptor chain runs on them
 * concurrently: a message's next step starts only once every earlier message of the same sender
 * has passed the chain, so the room's owner receives a sender's sequencing calls in the order
 * sent. The calls themselves are pipelined (the store keeps their order, retries included), so a
 * fast sender is never limited to one round trip per message. Work that completes at once (a
 * synchronous chain) leaves nothing behind. Not thread-safe: used on the router's event loop.
 */
final class SenderOrder {

  private final Map<String, Future<?>> gates = new HashMap<>();

  /** Runs {@code next} on {@code passed}'s result once every earlier {@code passed} of {@code sender} completed. */
  <A, T> Future<T> submit(String sender, Future<A> passed, Function<A, Future<T>> next) {
    Future<?> previous = gates.get(sender);
    Future<A> gate = previous == null ? passed : previous.transform(ignored -> passed);
    if (!gate.isComplete()) {
      gates.put(sender, gate);
      gate.onComplete(ar -> gates.remove(sender, gate));
    }
    return gate.compose(next);
  }

  /** Senders with messages still in the chain (for tests). */
  int inFlight() {
    return gates.size();
  }
}
