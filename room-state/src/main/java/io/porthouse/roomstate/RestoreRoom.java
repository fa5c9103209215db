package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.io.Serial;
import java.util.Map;

/**
 * A persistent room from the database, put back in room state: at start (after every JVM was
 * restarted) and after partitions were lost. A missing room is made with its stored rules and
 * creator under {@code epoch}; one that was made again after a loss with default rules gets its
 * stored rules back; one already in state as a persistent room is left alone.
 */
public final class RestoreRoom extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String rules;
  private String creator;
  private long createdAt;
  private String epoch;

  RestoreRoom() {
  }

  public RestoreRoom(String rules, String creator, long createdAt, String epoch) {
    this.rules = rules;
    this.creator = creator;
    this.createdAt = createdAt;
    this.epoch = epoch;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      room = new RoomState(entry.getKey(), epoch, rules, creator, null, createdAt);
      entry.setValue(room);
      return new RoomReply.Done(0, epoch, false);
    }
    if (!room.persistent()) {
      room.changeRules(rules);
      entry.setValue(room);
    }
    return new RoomReply.Done(room.seq(), room.epoch(), true);
  }

  @Override
  public int getClassId() {
    return RoomSerialization.RESTORE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(rules);
    out.writeString(creator);
    out.writeLong(createdAt);
    out.writeString(epoch);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    rules = in.readString();
    creator = in.readString();
    createdAt = in.readLong();
    epoch = in.readString();
  }
}
