package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.porthouse.core.protocol.ErrorCode;

import java.io.IOException;
import java.io.Serial;
import java.util.Map;

/** {@code leave}: removes a member; a transient room goes with its last member. */
public final class LeaveRoom extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String socket;
  private long now;

  /** For Hazelcast, which fills it from the wire. */
  LeaveRoom() {
  }

  public LeaveRoom(String socket, long now) {
    this.socket = socket;
    this.now = now;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      return RoomReply.Refused.noRoom(entry.getKey());
    }
    if (!room.leave(socket, now)) {
      return new RoomReply.Refused(ErrorCode.NOT_FOUND, "not a member of room '" + entry.getKey() + "'");
    }
    // a transient room goes with its last member, once its webhook events are delivered (DrainOutbox)
    entry.setValue(room.size() == 0 && !room.persistent() && room.outbox().isEmpty() ? null : room);
    if (room.presence() && room.size() > 0) {
      return new RoomReply.Left(room.seq(), room.epoch(), room.nodes().toArray(new String[0]));
    }
    return new RoomReply.Left(room.seq(), room.epoch(), new String[0]);
  }

  @Override
  public int getClassId() {
    return RoomSerialization.LEAVE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(socket);
    out.writeLong(now);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    socket = in.readString();
    now = in.readLong();
  }
}
