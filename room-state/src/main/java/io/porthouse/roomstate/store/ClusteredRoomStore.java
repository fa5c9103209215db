package io.porthouse.roomstate.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.NoDataMemberInClusterException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.porthouse.core.bus.RoomSummary;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.core.ops.ThrottledWarning;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.roomstate.RoomOp;
import io.porthouse.roomstate.RoomState;
import io.porthouse.roomstate.SweepResult;
import io.porthouse.roomstate.SweepRooms;
import io.porthouse.roomstate.TimelyOp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

/**
 * Room state sharded over the Hazelcast cluster: an {@link IMap} keyed by room name (map
 * {@code porthouse.rooms}, OBJECT in-memory format, synchronous backups), each operation an entry
 * processor run on the room's sequencer and re-applied on its backups. Hazelcast owns
 * placement, replication, migration when members come and go, and retries when a sequencer dies.
 */
public final class ClusteredRoomStore implements RoomStore {

  private static final Logger LOG = LoggerFactory.getLogger(ClusteredRoomStore.class);

  /** 100 ms, then doubling up to 2 s: about 20 s in all, beyond the failure detection of a silent member. */
  private static final int MAX_ATTEMPTS = 14;
  private static final long RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 2000;

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, RoomState> rooms;
  /** Rooms whose calls are being resent after their sequencer died; guarded by {@code this}. */
  private final Map<String, Retries> recovering = new HashMap<>();
  private long issued;
  private final MergeWindow merges = new MergeWindow();
  private final ThrottledWarning unavailableWarnings = new ThrottledWarning(Duration.ofSeconds(10));

  public ClusteredRoomStore(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.rooms = hazelcast.getMap(HazelcastConfigs.ROOMS_MAP);
    hazelcast.getCluster().addMembershipListener(merges);
    hazelcast.getLifecycleService().addLifecycleListener(merges);
  }

  @Override
  public boolean mayRemakeMissingRooms() {
    return merges.settled(System.currentTimeMillis());
  }

  @Override
  public <R> Future<R> apply(String room, RoomOp<R> op) {
    long ticket;
    Retries retries;
    synchronized (this) {
      ticket = ++issued;
      retries = recovering.get(room);
    }
    Future<R> result = retries != null
        ? retries.enqueue(ticket, op, false) // behind the room's retries: order is kept
        : submit(room, op).recover(e -> retryable(e) ? retryInOrder(room, ticket, op, mayHaveRun(e)) : Future.failedFuture(e));
    return result.map(answer -> merges.settled(System.currentTimeMillis()) ? answer : op.whileMerging(answer))
        .recover(e -> Future.failedFuture(unavailable(e)));
  }

  /**
   * What the cluster's state refuses, as the protocol's {@code unavailable} (try again; nothing
   * was done): a side of the cluster below {@code cluster.minRoomsMembers}, no rooms member at
   * all, a sequencer that refused a call it got too late, this member leaving. Logged once per 10 s
   * with a count, not once per message: during an outage every message fails the same way. A
   * call that may have run is answered {@code outcome_unknown} by the retries ({@link Pending});
   * anything else passes through as it is.
   */
  private Throwable unavailable(Throwable e) {
    Throwable cause = unwrap(e);
    String why;
    if (cause instanceof SplitBrainProtectionException) {
      why = "rooms unavailable: this side of the cluster has fewer rooms members than cluster.minRoomsMembers; try again";
    } else if (cause instanceof NoDataMemberInClusterException) {
      why = "rooms unavailable: no rooms member in the cluster just now; try again";
    } else if (cause instanceof TimelyOp.LateCallException || retryable(cause)) {
      why = "rooms unavailable: the room's sequencer cannot be reached; try again";
    } else if (cause instanceof HazelcastInstanceNotActiveException) {
      why = "rooms unavailable: this node is leaving the cluster; try again";
    } else {
      return e;
    }
    warn(why, cause);
    return PorthouseException.of(ErrorCode.UNAVAILABLE, why);
  }

  /** A call that may have run on a sequencer that could not answer: neither done nor refused, as far as anyone here can tell. */
  private Throwable outcomeUnknown(Throwable e) {
    String why = "no answer from the room's sequencer: this may or may not have been done; a send retried with the same id is done once";
    warn(why, unwrap(e));
    return PorthouseException.of(ErrorCode.OUTCOME_UNKNOWN, why);
  }

  private void warn(String why, Throwable cause) {
    long heldBack = unavailableWarnings.occurred(System.nanoTime());
    if (heldBack >= 0) {
      LOG.warn("{} ({}; {} more since the last such warning)", why, cause, heldBack);
    }
  }

  /**
   * One call to the room's sequencer, answered on the caller's context. The answer is taken on
   * Hazelcast's response thread and handed straight to the caller's event loop: a plain
   * {@code whenComplete} (as {@code Future.fromCompletionStage} uses) runs on Hazelcast's default
   * async executor, which on a machine with one or two cores (common pool parallelism 1) starts a
   * new thread for every answer.
   */
  private <R> Future<R> submit(String room, RoomOp<R> op) {
    Promise<R> answer = ((ContextInternal) vertx.getOrCreateContext()).promise();
    rooms.submitToKey(room, new TimelyOp<>(op, System.currentTimeMillis())).whenCompleteAsync((result, failure) -> {
      if (failure == null) {
        answer.complete(result);
      } else {
        answer.fail(failure);
      }
    }, Runnable::run);
    return answer.future();
  }

  /**
   * Hazelcast retries an operation whose target moved; when the sequencer died with the operation in
   * flight it cannot know whether it was applied ({@code hazelcast.operation.fail.on.indeterminate.state})
   * and says so. Every room operation is safe to apply again (joins are idempotent, a sequencing
   * call is deduped by envelope id, a create by its creating socket), so it is sent again to the
   * new sequencer. A room's calls are pipelined, so all that were in flight fail together: they are
   * sent again one by one in the order they were first issued, and the room's new calls wait
   * behind them, so a sender's messages keep their order through a failover too. {@code mayHaveRun}:
   * the failed attempt may have run on its sequencer (then a final failure is {@code outcome_unknown}).
   */
  private <R> Future<R> retryInOrder(String room, long ticket, RoomOp<R> op, boolean mayHaveRun) {
    Retries retries;
    synchronized (this) {
      retries = recovering.computeIfAbsent(room, Retries::new);
    }
    return retries.enqueue(ticket, op, mayHaveRun);
  }

  /**
   * Whether an attempt that failed with {@code e} may still have run on its sequencer: the sequencer died
   * or left with the call in flight, the call timed out, or the connection dropped after it was
   * sent. (A refusal before running, such as a wrong target or a migrating partition, did nothing.)
   */
  private static boolean mayHaveRun(Throwable e) {
    Throwable cause = unwrap(e);
    return cause instanceof IndeterminateOperationStateException || cause instanceof MemberLeftException
        || cause instanceof OperationTimeoutException || cause instanceof TargetDisconnectedException;
  }

  /** Whether the call is worth sending again: it may not have run, or ran where it is safe to run again. */
  private static boolean retryable(Throwable e) {
    Throwable cause = unwrap(e);
    return mayHaveRun(cause) || cause instanceof RetryableException || cause instanceof TimelyOp.LateCallException
        || cause instanceof NoDataMemberInClusterException;
  }

  /** A room's calls waiting to be (re)sent one at a time, in the order first issued. */
  private final class Retries {
    private final String room;
    private final TreeMap<Long, Pending<?>> waiting = new TreeMap<>();
    private boolean scheduled;

    Retries(String room) {
      this.room = room;
    }

    <R> Future<R> enqueue(long ticket, RoomOp<R> op, boolean mayHaveRun) {
      Pending<R> pending = new Pending<>(op, mayHaveRun);
      synchronized (ClusteredRoomStore.this) {
        waiting.put(ticket, pending);
        if (!scheduled) {
          scheduled = true;
          // all calls in flight to a dead sequencer fail at once: gather them, then resend in order
          vertx.setTimer(RETRY_MILLIS, t -> next());
        }
      }
      return pending.promise.future();
    }

    private void next() {
      Map.Entry<Long, Pending<?>> first;
      synchronized (ClusteredRoomStore.this) {
        first = waiting.firstEntry();
        if (first == null) {
          scheduled = false;
          recovering.remove(room, this);
          return;
        }
      }
      first.getValue().send(room, first.getKey(), this);
    }

    void done(long ticket) {
      synchronized (ClusteredRoomStore.this) {
        waiting.remove(ticket);
      }
      next();
    }

    void again(int attempts) {
      // back off: the new sequencer may need a failure detection (seconds) before it serves
      vertx.setTimer(Math.min(MAX_RETRY_MILLIS, RETRY_MILLIS << Math.min(attempts, 5)), t -> next());
    }
  }

  /**
   * A call being resent. Its answer is the first definite one; if every attempt failed and one of
   * them may have run, the answer is {@code outcome_unknown}, never a refusal: "refused" is said
   * only of what certainly was not done.
   */
  private final class Pending<R> {
    final RoomOp<R> op;
    final Promise<R> promise = Promise.promise();
    int attempts;
    boolean mayHaveRun;

    Pending(RoomOp<R> op, boolean mayHaveRun) {
      this.op = op;
      this.mayHaveRun = mayHaveRun;
    }

    void send(String room, long ticket, Retries retries) {
      attempts++;
      submit(room, op).onComplete(ar -> {
        if (ar.failed()) {
          mayHaveRun |= mayHaveRun(ar.cause());
          if (retryable(ar.cause()) && attempts < MAX_ATTEMPTS) {
            retries.again(attempts);
            return;
          }
          promise.fail(mayHaveRun ? outcomeUnknown(ar.cause()) : ar.cause());
        } else {
          promise.complete(ar.result());
        }
        retries.done(ticket);
      });
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  @Override
  public Future<List<RoomSummary>> list(RoomListing listing, int limit) {
    return vertx.executeBlocking(() -> {
      Collection<RoomSummary> found = rooms.project(listing, listing);
      List<RoomSummary> out = new ArrayList<>(found);
      out.sort(Comparator.comparing(RoomSummary::name));
      return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }, false).recover(e -> Future.failedFuture(unavailable(e)));
  }

  @Override
  public Future<Map<String, SweepResult>> sweep(SweepRooms sweep) {
    return vertx.executeBlocking(() -> {
      Map<String, SweepResult> results = new HashMap<>(rooms.executeOnEntries(sweep));
      results.values().removeIf(Objects::isNull);
      return results;
    }, false).recover(e -> Future.failedFuture(unavailable(e)));
  }

  @Override
  public int ownedRooms() {
    return (int) Math.min(Integer.MAX_VALUE, rooms.getLocalMapStats().getOwnedEntryCount());
  }

  /** The Hazelcast map behind this store (for the rooms verticle's listeners). */
  public IMap<String, RoomState> map() {
    return rooms;
  }

  /** The Hazelcast instance of this JVM's cluster manager. */
  public HazelcastInstance hazelcast() {
    return hazelcast;
  }
}
