package io.porthouse.router;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps one sender's messages in the order sent: a sender's next piece of work starts only when
 * its previous one has finished, so the room's owner sequences them as sent even when a call is
 * retried (an owner died) while a later one could have overtaken it. Work of different senders
 * runs concurrently. Work that completes at once (the embedded store) leaves nothing behind.
 * Not thread-safe: used on the router's event loop.
 */
final class SenderOrder {

  private final Map<String, Future<?>> tails = new HashMap<>();

  <T> Future<T> submit(String sender, Supplier<Future<T>> work) {
    Future<?> previous = tails.get(sender);
    Future<T> mine = previous == null ? work.get() : previous.transform(ignored -> work.get());
    if (!mine.isComplete()) {
      tails.put(sender, mine);
      mine.onComplete(ar -> tails.remove(sender, mine));
    }
    return mine;
  }

  /** Senders with work in flight (for tests). */
  int inFlight() {
    return tails.size();
  }
}
