package io.porthouse.router;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps one sender's messages in the order sent while the chain runs on them concurrently: each
 * piece of work takes a place in its key's queue on arrival, and results are released only from
 * the head of the queue. A slow interceptor holds back later messages of that sender only.
 * Not thread-safe: used on the router's event loop.
 */
final class InOrderRelease {

  private final Map<String, ArrayDeque<Slot<?>>> queues = new HashMap<>();

  private static final class Slot<T> {
    final Handler<AsyncResult<T>> release;
    AsyncResult<T> result;

    Slot(Handler<AsyncResult<T>> release) {
      this.release = release;
    }

    boolean done() {
      return result != null;
    }

    void fire() {
      release.handle(result);
    }
  }

  /** Queues {@code work} under {@code key}; {@code release} gets its result in arrival order. */
  <T> void submit(String key, Future<T> work, Handler<AsyncResult<T>> release) {
    ArrayDeque<Slot<?>> queue = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
    Slot<T> slot = new Slot<>(release);
    queue.add(slot);
    work.onComplete(ar -> {
      slot.result = ar;
      drain(key, queue);
    });
  }

  /** How many keys have work in flight (for tests and metrics). */
  int keysInFlight() {
    return queues.size();
  }

  private void drain(String key, ArrayDeque<Slot<?>> queue) {
    while (!queue.isEmpty() && queue.peek().done()) {
      queue.poll().fire();
    }
    if (queue.isEmpty()) {
      queues.remove(key, queue);
    }
  }
}
