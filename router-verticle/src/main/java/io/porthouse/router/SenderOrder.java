package io.porthouse.router;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Keeps one sender's messages in the order sent, without one round trip per message: a sender has
 * at most one step (sequencing call) in flight; what it sends meanwhile waits, and the next step
 * takes up to {@code maxBatch} waiting messages of the same room at once. So a busy publisher in a
 * cluster pays one sequencer round trip per batch, and its order never depends on how Hazelcast
 * retries calls (pipelining independent calls let migration retries reorder them and leave seq
 * gaps). Embedded, a step completes at once and every batch is one message. Senders run
 * concurrently. Not thread-safe: used on the router's event loop.
 *
 * @param <T> a message that passed the chain
 * @param <R> what a message's step answers
 */
final class SenderOrder<T, R> {

  /** A message waiting for its step, and the promise of its answer (the step completes it). */
  static final class Pending<T, R> {
    private final Future<T> passed;
    private final Promise<R> answer = Promise.promise();

    private Pending(Future<T> passed) {
      this.passed = passed;
    }

    T message() {
      return passed.result();
    }

    Promise<R> answer() {
      return answer;
    }
  }

  private static final class Lane<T, R> {
    final ArrayDeque<Pending<T, R>> waiting = new ArrayDeque<>();
    boolean busy;
  }

  private final Map<String, Lane<T, R>> lanes = new HashMap<>();
  private final int maxBatch;
  private final Function<T, String> batchKey;
  private final Function<List<Pending<T, R>>, Future<?>> step;

  /**
   * @param batchKey messages with equal keys may share a step (the room)
   * @param step     runs one batch and completes each message's answer; its future says when it is done
   */
  SenderOrder(int maxBatch, Function<T, String> batchKey, Function<List<Pending<T, R>>, Future<?>> step) {
    this.maxBatch = maxBatch;
    this.batchKey = batchKey;
    this.step = step;
  }

  /** Queues a message of {@code sender} whose chain result is {@code passed}; answers what its step answered. */
  Future<R> submit(String sender, Future<T> passed) {
    Pending<T, R> p = new Pending<>(passed);
    Lane<T, R> lane = lanes.get(sender);
    if (lane == null && passed.succeeded()) {
      // nothing of this sender waits or is in flight: its step runs now, and a lane is made only
      // if the step does not answer at once (embedded it always does: no lane per message)
      List<Pending<T, R>> batch = List.of(p);
      Future<?> done = run(batch);
      if (done.isComplete()) {
        settle(batch, done);
      } else {
        Lane<T, R> waiting = new Lane<>();
        waiting.busy = true;
        lanes.put(sender, waiting);
        done.onComplete(ar -> {
          settle(batch, done);
          resume(sender, waiting);
        });
      }
      return p.answer.future();
    }
    if (lane == null) {
      lane = new Lane<>();
      lanes.put(sender, lane);
    }
    lane.waiting.add(p);
    pump(sender, lane);
    return p.answer.future();
  }

  private Future<?> run(List<Pending<T, R>> batch) {
    try {
      return step.apply(batch);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void pump(String sender, Lane<T, R> lane) {
    while (!lane.busy) {
      Pending<T, R> head = lane.waiting.peek();
      if (head == null) {
        lanes.remove(sender, lane);
        return;
      }
      if (!head.passed.isComplete()) {
        lane.busy = true; // still in the chain: nothing after it may overtake it
        head.passed.onComplete(ar -> resume(sender, lane));
        return;
      }
      if (head.passed.failed()) {
        lane.waiting.poll();
        head.answer.fail(head.passed.cause());
        continue;
      }
      List<Pending<T, R>> batch = new ArrayList<>(Math.min(maxBatch, lane.waiting.size()));
      String key = batchKey.apply(head.message());
      for (Pending<T, R> next = head; next != null && batch.size() < maxBatch && next.passed.succeeded()
          && Objects.equals(key, batchKey.apply(next.message())); next = lane.waiting.peek()) {
        batch.add(lane.waiting.poll());
      }
      lane.busy = true;
      Future<?> done = run(batch);
      if (done.isComplete()) { // embedded: answered at once, go on without recursion
        settle(batch, done);
        lane.busy = false;
        continue;
      }
      Future<?> finished = done;
      finished.onComplete(ar -> {
        settle(batch, finished);
        resume(sender, lane);
      });
      return;
    }
  }

  /** A failed step fails its messages; a message the step left unanswered is failed, never left hanging. */
  private static <T, R> void settle(List<Pending<T, R>> batch, Future<?> done) {
    for (Pending<T, R> p : batch) {
      if (!p.answer.future().isComplete()) {
        p.answer.tryFail(done.failed() ? done.cause() : new IllegalStateException("the step gave no answer"));
      }
    }
  }

  private void resume(String sender, Lane<T, R> lane) {
    lane.busy = false;
    pump(sender, lane);
  }

  /** Senders with messages waiting or in flight (for tests). */
  int inFlight() {
    return lanes.size();
  }
}
