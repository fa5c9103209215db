package io.porthouse.core.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Makes one instance of a stateful verticle (rooms, router) active in the whole cluster, the
 * others standing by. The active one holds a cluster-wide lock; Hazelcast releases it when the
 * holder's JVM leaves or dies, and a standby takes over.
 *
 * <p>{@link #start} completes once this instance is active, or once it knows it is a standby (the
 * lock was taken); a standby keeps trying and calls {@code onActive} when it gets the lock.
 */
public final class ActiveStandby {

  private static final Logger LOG = LoggerFactory.getLogger(ActiveStandby.class);
  private static final long FIRST_TRY_MILLIS = 1500;
  private static final long RETRY_MILLIS = 2000;

  private final Vertx vertx;
  private final String lockName;
  private final String role;
  private volatile boolean stopped;
  private Lock lock;

  public ActiveStandby(Vertx vertx, String lockName, String role) {
    this.vertx = vertx;
    this.lockName = lockName;
    this.role = role;
  }

  /**
   * Tries to become active; {@code onActive} runs (on the caller's context) when it does and must
   * return the future of registering the consumers.
   */
  public Future<Void> start(Supplier<Future<Void>> onActive) {
    return vertx.sharedData().getLockWithTimeout(lockName, FIRST_TRY_MILLIS)
        .compose(acquired -> becomeActive(acquired, onActive),
            busy -> {
              LOG.info("{}: standby (another {} is active)", role, role);
              retryLater(onActive);
              return Future.succeededFuture();
            });
  }

  /** Releases the lock (if held) and stops trying. */
  public void stop() {
    stopped = true;
    if (lock != null) {
      lock.release();
      lock = null;
    }
  }

  private Future<Void> becomeActive(Lock acquired, Supplier<Future<Void>> onActive) {
    if (stopped) {
      acquired.release();
      return Future.succeededFuture();
    }
    lock = acquired;
    return onActive.get();
  }

  private void retryLater(Supplier<Future<Void>> onActive) {
    if (stopped) {
      return;
    }
    vertx.sharedData().getLockWithTimeout(lockName, RETRY_MILLIS)
        .onSuccess(acquired -> becomeActive(acquired, onActive)
            .onSuccess(v -> LOG.info("{}: took over as active", role))
            .onFailure(e -> LOG.error("{}: could not take over", role, e)))
        .onFailure(busy -> retryLater(onActive));
  }
}
