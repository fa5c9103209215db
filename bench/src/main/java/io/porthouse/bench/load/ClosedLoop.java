package io.porthouse.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * A closed loop: {@code inFlight} operations kept going for {@code seconds}, each one that ends
 * starting the next; answers the seconds it ran, half a second after the last one ended (so what
 * it sent has been delivered).
 */
final class ClosedLoop {

  private ClosedLoop() {
  }

  static Future<Double> run(Vertx vertx, int seconds, int inFlight, Supplier<Future<?>> operation) {
    Promise<Double> done = Promise.promise();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    int[] running = {inFlight};
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      if (System.nanoTime() >= end) {
        if (--running[0] == 0) {
          vertx.setTimer(500, t -> done.complete((System.nanoTime() - start) / 1e9));
        }
        return;
      }
      operation.get().onComplete(ar -> next[0].run());
    };
    vertx.runOnContext(v -> {
      for (int i = 0; i < inFlight; i++) {
        next[0].run();
      }
    });
    return done.future();
  }
}
