package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

import java.io.Serial;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Housekeeping over every room: members held by dead ingress nodes leave, and rooms empty for
 * longer than the empty-room TTL (created but never joined) go. Answers whom it dropped (and, for
 * a presence room, whom to tell), or {@code null} when it dropped no one.
 */
public final class SweepRooms extends RoomOp<SweepResult> {

  @Serial
  private static final long serialVersionUID = 1L;
  private Set<String> deadNodes;
  private long emptyTtlMillis;
  private long now;

  /** For Hazelcast, which fills it from the wire. */
  SweepRooms() {
  }

  public SweepRooms(Set<String> deadNodes, long emptyTtlMillis, long now) {
    this.deadNodes = Set.copyOf(deadNodes);
    this.emptyTtlMillis = emptyTtlMillis;
    this.now = now;
  }

  @Override
  public SweepResult process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      return null;
    }
    List<String[]> dropped = deadNodes.isEmpty() ? List.of() : room.dropNodes(deadNodes, now);
    // a room its departed node's members emptied stays for emptyTtlMillis: they may come back
    // through another ingress and resume (a rolling restart); an empty room past that goes, once
    // its webhook events are delivered
    if (room.emptyLongerThan(emptyTtlMillis, now) && room.outbox().isEmpty()) {
      entry.setValue(null);
      return dropped.isEmpty() ? null : new SweepResult(dropped, false, new String[0]);
    }
    boolean orphaned = room.webhooksOrphaned(now);
    if (!dropped.isEmpty()) {
      entry.setValue(room);
      return new SweepResult(dropped, room.presence(), room.nodes().toArray(new String[0])).withOrphanedEvents(orphaned);
    }
    return orphaned ? new SweepResult(List.of(), false, new String[0]).withOrphanedEvents(true) : null;
  }

  @Override
  public int getClassId() {
    return RoomSerialization.SWEEP;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeStringArray(deadNodes.toArray(new String[0]));
    out.writeLong(emptyTtlMillis);
    out.writeLong(now);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    deadNodes = Set.of(in.readStringArray());
    emptyTtlMillis = in.readLong();
    now = in.readLong();
  }
}
