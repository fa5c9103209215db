package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.porthouse.core.protocol.ErrorCode;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * Deletes a room (the admin API), for its owner client or a client with role {@code owner}. The
 * reply names the nodes that held members, to tell them the room is closed (their hubs drop it
 * and its members get a {@code closed} frame).
 */
public final class DeleteRoom extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String client;
  private List<String> roles;

  DeleteRoom() {
  }

  public DeleteRoom(String client, List<String> roles) {
    this.client = client;
    this.roles = List.copyOf(roles);
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      return RoomReply.Refused.noRoom(entry.getKey());
    }
    if (client == null || !room.isOwnerOrAdmin(client, roles)) {
      return new RoomReply.Refused(client == null ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN,
          "only the creator of room '" + entry.getKey() + "' (or role 'owner') deletes it");
    }
    String[] nodes = room.nodes().toArray(new String[0]);
    int members = room.size();
    entry.setValue(null);
    // seq: how many members it had; rules: for the router to see whether it was persistent
    return new RoomReply.Deleted(members, room.epoch(), room.rules(), nodes);
  }

  @Override
  public int getClassId() {
    return RoomSerialization.DELETE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(client);
    out.writeStringArray(roles.toArray(new String[0]));
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    client = in.readString();
    roles = List.of(in.readStringArray());
  }
}
