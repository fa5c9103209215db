package io.porthouse.roomstate.store;

import io.porthouse.core.bus.RoomSummary;
import io.porthouse.roomstate.RoomOp;
import io.porthouse.roomstate.SweepResult;
import io.porthouse.roomstate.SweepRooms;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * Where room state lives: in this process ({@link LocalRoomStore}, embedded), or sharded over the
 * Hazelcast cluster by room name with synchronous backups ({@link ClusteredRoomStore}). Either
 * way each operation runs atomically on one room, on whichever JVM owns it; callers get the
 * answer on their own context.
 */
public interface RoomStore {

  /** Runs {@code op} on room {@code room} (one round trip to its sequencer when clustered). */
  <R> Future<R> apply(String room, RoomOp<R> op);

  /** The rooms {@code listing} shows, sorted by name, at most {@code limit}. */
  Future<List<RoomSummary>> list(RoomListing listing, int limit);

  /** Runs the housekeeping sweep over every room; answers, by room, whom it dropped. */
  Future<Map<String, SweepResult>> sweep(SweepRooms sweep);

  /** Rooms whose primary copy this JVM holds. */
  int ownedRooms();

  /**
   * Whether a restated membership may make its missing room again now: not while the cluster
   * may still be merging rooms in (the missing room may be on its way).
   */
  default boolean mayRemakeMissingRooms() {
    return true;
  }
}
