package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.io.Serial;
import java.util.Map;

/**
 * A webhook deliverer's step on a room's outbox ({@link RoomOutbox}): acknowledges what it
 * delivered ({@code upTo}, 0 for nothing yet), takes or renews the lease, and is given the next
 * events. Answers {@link OutboxBatch}.
 */
public final class DrainOutbox extends RoomOp<OutboxBatch> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String node;
  private long upTo;
  private long droppedTold;
  private long now;
  private long leaseMillis;
  private int max;

  /** For Hazelcast, which fills it from the wire. */
  public DrainOutbox() {
  }

  public DrainOutbox(String node, long upTo, long droppedTold, long now, long leaseMillis, int max) {
    this.node = node;
    this.upTo = upTo;
    this.droppedTold = droppedTold;
    this.now = now;
    this.leaseMillis = leaseMillis;
    this.max = max;
  }

  @Override
  public OutboxBatch process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      return OutboxBatch.EMPTY; // the room went, its events with it
    }
    OutboxBatch batch = upTo > 0 ? room.outbox().ack(node, upTo, droppedTold, now, leaseMillis, max)
        : room.outbox().claim(node, now, leaseMillis, max);
    // a transient room its last member left stayed for its events alone: delivered, it goes
    entry.setValue(batch.isEmpty() && room.size() == 0 && !room.persistent() ? null : room);
    return batch;
  }

  @Override
  public int getClassId() {
    return RoomSerialization.DRAIN_OUTBOX;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(node);
    out.writeLong(upTo);
    out.writeLong(droppedTold);
    out.writeLong(now);
    out.writeLong(leaseMillis);
    out.writeInt(max);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    node = in.readString();
    upTo = in.readLong();
    droppedTold = in.readLong();
    now = in.readLong();
    leaseMillis = in.readLong();
    max = in.readInt();
  }
}
