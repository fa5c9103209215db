package io.porthouse.rooms.state;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * {@code join}: adds a socket (idempotent). A missing room is {@code not_found}, unless
 * auto-create lets a {@code primary} socket make it, or the join restates a membership the node
 * already had (the room was lost with its partition): then the room is made again under
 * {@code epochIfMade}, and its members learn of the new epoch.
 */
public final class JoinRoom extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String socket;
  private String node;
  private String client;
  private List<String> roles;
  private boolean autoCreate;
  private boolean restate;
  private String epochIfMade;
  private long now;

  /** For Hazelcast, which fills it from the wire. */
  JoinRoom() {
  }

  public JoinRoom(String socket, String node, String client, List<String> roles, boolean autoCreate, boolean restate,
                  String epochIfMade, long now) {
    this.socket = socket;
    this.node = node;
    this.client = client;
    this.roles = List.copyOf(roles);
    this.autoCreate = autoCreate;
    this.restate = restate;
    this.epochIfMade = epochIfMade;
    this.now = now;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      boolean mayMake = restate || autoCreate && client != null && roles.contains("primary");
      if (!mayMake) {
        return RoomReply.noRoom(entry.getKey());
      }
      room = new RoomState(entry.getKey(), epochIfMade, "{}", false, restate ? null : client, socket, now);
    }
    RoomReply reply = room.join(socket, node);
    entry.setValue(room);
    return reply;
  }

  @Override
  public int getClassId() {
    return RoomSerialization.JOIN;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(socket);
    out.writeString(node);
    out.writeString(client);
    out.writeStringArray(roles.toArray(new String[0]));
    out.writeBoolean(autoCreate);
    out.writeBoolean(restate);
    out.writeString(epochIfMade);
    out.writeLong(now);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    socket = in.readString();
    node = in.readString();
    client = in.readString();
    roles = List.of(in.readStringArray());
    autoCreate = in.readBoolean();
    restate = in.readBoolean();
    epochIfMade = in.readString();
    now = in.readLong();
  }
}
