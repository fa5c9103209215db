package io.porthouse.roomstate;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.porthouse.core.cluster.HazelcastConfigs;

import java.util.Map;

/**
 * One operation on one room's state. The same object runs in-process (embedded store) or as a
 * Hazelcast entry processor on the room's sequencer and again on each backup, so it must
 * be deterministic: everything random or time-dependent is chosen by the caller and carried in
 * its fields. A refusal is a value ({@link RoomReply#refused()}), never an exception. Between
 * JVMs it writes its own fields ({@link RoomSerialization}).
 *
 * @param <R> what the operation answers
 */
public abstract class RoomOp<R> implements EntryProcessor<String, RoomState, R>, IdentifiedDataSerializable {

  /** Applies the operation; {@code entry.setValue} stores a changed, new ({@code null}: removed) state. */
  @Override
  public abstract R process(Map.Entry<String, RoomState> entry);

  /**
   * Its answer as the caller gets it while the cluster may still be merging after a split: a room
   * missing now may be on its way from the other side, so "no room" becomes {@code unavailable}
   * ({@link RoomReply#whileMerging()}). Operations answering something else than a
   * {@link RoomReply} say how.
   */
  @SuppressWarnings("unchecked")
  public R whileMerging(R answer) {
    return answer instanceof RoomReply reply ? (R) reply.whileMerging() : answer;
  }

  @Override
  public int getFactoryId() {
    return HazelcastConfigs.ROOMS_SERIALIZATION_FACTORY;
  }
}
