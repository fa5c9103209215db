package io.porthouse.core.security;

import io.micrometer.core.instrument.Counter;
import io.porthouse.core.ops.Operations;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Where password hashing runs (PBKDF2, a third of a second of CPU by design): a few worker threads
 * of their own ({@code auth.hashWorkers}, shared by every verticle of the JVM, so hashing never
 * takes the workers blocking I/O needs), at most {@code auth.hashQueue} hashes waiting beyond
 * them, and one at a time per requester (a client, or an address when anonymous). Beyond that a
 * hash is refused before it starts: {@code rate_limited} for a requester that has one running,
 * {@code unavailable} when the pool is full. So a handful of sockets cannot keep the node's CPU
 * busy, nor delay its cluster heartbeats. Callers authorise before they hash. One per verticle,
 * used on its event loop.
 */
public final class HashingPool {

  private static final String POOL = "porthouse-hashing";

  private final WorkerExecutor workers;
  private final int capacity;
  private final Set<String> running = new HashSet<>();
  private final Counter done;
  private final Counter busy;
  private final Counter perRequester;
  private int inFlight;

  /** {@code workers}: threads (0: half the cores, at least one); {@code queue}: hashes that may wait beyond them. */
  public HashingPool(Vertx vertx, int workers, int queue) {
    int threads = workers > 0 ? workers : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    this.workers = vertx.createSharedWorkerExecutor(POOL, threads);
    this.capacity = threads + queue;
    this.done = counter("done");
    this.busy = counter("refused_busy");
    this.perRequester = counter("refused_requester");
  }

  private static Counter counter(String outcome) {
    return Counter.builder("porthouse.hashes").tag("outcome", outcome)
        .description("password hashes: done, or refused before they started").register(Operations.meters());
  }

  /** Runs {@code hash} for {@code requester} on the pool, or refuses it at once (see the class comment). */
  public <T> Future<T> run(String requester, Callable<T> hash) {
    if (running.contains(requester)) {
      perRequester.increment();
      return Future.failedFuture(PorthouseException.of(ErrorCode.RATE_LIMITED,
          "another password check of this client (or, anonymous, this address) is running: wait for its answer"));
    }
    if (inFlight >= capacity) {
      busy.increment();
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAVAILABLE, "password checks are busy; try again"));
    }
    inFlight++;
    running.add(requester);
    return workers.executeBlocking(hash, false).andThen(ar -> {
      inFlight--;
      running.remove(requester);
      done.increment();
    });
  }

  public Future<Void> close() {
    return workers.close();
  }
}
