package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.porthouse.core.protocol.ErrorCode;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * {@code rules} with changes: replaces a room's effective rules, for its creator or a client
 * with role {@code owner}. Optimistic: the router computed {@code rules} from {@code expected},
 * the rules it read; if they changed meanwhile this is a {@code conflict} (the router reads again).
 * Members stay; the new limits apply from the next join or send. The reply names the nodes that
 * hold members (to tell them the rules changed).
 */
public final class ChangeRules extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String client;
  private List<String> roles;
  private String expected;
  private String rules;

  ChangeRules() {
  }

  public ChangeRules(String client, List<String> roles, String expected, String rules) {
    this.client = client;
    this.roles = List.copyOf(roles);
    this.expected = expected;
    this.rules = rules;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      return RoomReply.Refused.noRoom(entry.getKey());
    }
    if (client == null) {
      return new RoomReply.Refused(ErrorCode.UNAUTHORIZED, "authenticate before changing a room's rules");
    }
    if (!room.isOwnerOrAdmin(client, roles)) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "only the creator of room '" + entry.getKey() + "' (or role 'owner') changes its rules");
    }
    if (!room.rules().equals(expected)) {
      return new RoomReply.Refused(ErrorCode.CONFLICT, "the rules of room '" + entry.getKey() + "' changed meanwhile");
    }
    room.changeRules(rules);
    entry.setValue(room);
    return new RoomReply.Rules(room.seq(), room.epoch(), rules, room.nodes().toArray(new String[0]));
  }

  @Override
  public int getClassId() {
    return RoomSerialization.CHANGE_RULES;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(client);
    out.writeStringArray(roles.toArray(new String[0]));
    out.writeString(expected);
    out.writeString(rules);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    client = in.readString();
    roles = List.of(in.readStringArray());
    expected = in.readString();
    rules = in.readString();
  }
}
