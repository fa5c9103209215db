package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.porthouse.core.protocol.ErrorCode;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * A room's effective rules (a password as its hash): for a {@code rules} read by a member or the
 * room's creator, for the router before it changes them, and before it checks a join's password.
 * Changes nothing. {@code socket} {@code null} is the router itself (no access check).
 */
public final class ReadRules extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String socket;
  private String client;
  private List<String> roles;
  /** A read before a change: only the room's creator or role {@code owner} may (checked before the router hashes anything). */
  private boolean changing;

  /** A read by the router itself (and the form Hazelcast fills from the wire) (to change the rules or check a password). */
  public ReadRules() {
    this(null, null, List.of());
  }

  public ReadRules(String socket, String client, List<String> roles) {
    this.socket = socket;
    this.client = client;
    this.roles = List.copyOf(roles);
  }

  /** The rules read to change them, for {@code client} with {@code roles}: refused unless the room's creator or role {@code owner}. */
  public static ReadRules toChange(String client, List<String> roles) {
    ReadRules op = new ReadRules(null, client, roles);
    op.changing = true;
    return op;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      return RoomReply.Refused.noRoom(entry.getKey());
    }
    if (socket != null && !room.isMember(socket) && !room.isOwnerOrAdmin(client, roles)) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "join room '" + entry.getKey() + "' before reading its rules");
    }
    if (changing && (client == null || !room.isOwnerOrAdmin(client, roles))) {
      return client == null ? new RoomReply.Refused(ErrorCode.UNAUTHORIZED, "authenticate before changing a room's rules")
          : new RoomReply.Refused(ErrorCode.FORBIDDEN, "only the creator of room '" + entry.getKey() + "' (or role 'owner') changes its rules");
    }
    return new RoomReply.Rules(room.seq(), room.epoch(), room.rules(), new String[0]);
  }

  @Override
  public int getClassId() {
    return RoomSerialization.READ_RULES;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(socket);
    out.writeString(client);
    out.writeStringArray(roles.toArray(new String[0]));
    out.writeBoolean(changing);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    socket = in.readString();
    client = in.readString();
    roles = List.of(in.readStringArray());
    changing = in.readBoolean();
  }
}
