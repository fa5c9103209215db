package io.porthouse.rooms.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.IMap;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.rooms.state.RoomOp;
import io.porthouse.rooms.state.RoomState;
import io.porthouse.rooms.state.SweepRooms;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Room state sharded over the Hazelcast cluster: an {@link IMap} keyed by room name (map
 * {@code porthouse.rooms}, OBJECT in-memory format, synchronous backups), each operation an entry
 * processor run on the room's partition owner and re-applied on its backups. Hazelcast owns
 * placement, replication, migration when members come and go, and retries when an owner dies.
 */
public final class ClusteredRoomStore implements RoomStore {

  private static final int MAX_ATTEMPTS = 5;
  private static final long RETRY_MILLIS = 100;

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, RoomState> rooms;

  public ClusteredRoomStore(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.rooms = hazelcast.getMap(HazelcastConfigs.ROOMS_MAP);
  }

  @Override
  public <R> Future<R> apply(String room, RoomOp<R> op) {
    return apply(room, op, 1);
  }

  /**
   * Hazelcast retries an operation whose target moved; when the owner died with the operation in
   * flight it cannot know whether it was applied ({@code hazelcast.operation.fail.on.indeterminate.state})
   * and says so. Every room operation is safe to apply again (joins are idempotent, a sequencing
   * call is deduped by envelope id, a create by its creating socket), so it is sent again, to the
   * new owner.
   */
  private <R> Future<R> apply(String room, RoomOp<R> op, int attempt) {
    return Future.fromCompletionStage(rooms.submitToKey(room, op), vertx.getOrCreateContext())
        .recover(e -> {
          if (attempt >= MAX_ATTEMPTS || !(unwrap(e) instanceof IndeterminateOperationStateException)) {
            return Future.failedFuture(e);
          }
          return vertx.timer(RETRY_MILLIS * attempt).compose(t -> apply(room, op, attempt + 1));
        });
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  @Override
  public Future<List<RoomSummary>> list(RoomListing listing, int limit) {
    return vertx.executeBlocking(() -> {
      Collection<RoomSummary> found = rooms.project(listing, listing);
      List<RoomSummary> out = new ArrayList<>(found);
      out.sort(Comparator.comparing(RoomSummary::name));
      return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }, false);
  }

  @Override
  public Future<Integer> sweep(SweepRooms sweep) {
    return vertx.executeBlocking(() -> {
      Map<String, Integer> results = rooms.executeOnEntries(sweep);
      return results.values().stream().filter(Objects::nonNull).mapToInt(Integer::intValue).sum();
    }, false);
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
