package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.porthouse.core.protocol.ErrorCode;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;

/** {@code create}: a new room owned by the creating client; {@code conflict} if the name is taken. */
public final class CreateRoom extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String socket;
  private String client;
  private List<String> roles;
  /** The room's effective rules ({@link RoomRules#effective}), a password already hashed. */
  private String rules;
  private String epoch;
  private long now;
  /** The owner whose space the socket came in by ({@code null}: the whole server). */
  private String space;

  /** For Hazelcast, which fills it from the wire. */
  CreateRoom() {
  }

  public CreateRoom(String socket, String client, List<String> roles, String rules, String epoch, long now) {
    this.socket = socket;
    this.client = client;
    this.roles = List.copyOf(roles);
    this.rules = rules;
    this.epoch = epoch;
    this.now = now;
  }

  /** Whether this identity may create rooms (role {@code primary} or {@code owner}). */
  public static boolean mayCreate(String client, List<String> roles) {
    return client != null && (roles.contains("primary") || roles.contains("owner"));
  }

  /** The socket came in by {@code owner}'s endpoint: only that owner's rooms exist for it. */
  public CreateRoom inSpace(String owner) {
    space = owner;
    return this;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    if (client == null) {
      return new RoomReply.Refused(ErrorCode.UNAUTHORIZED, "authenticate before creating rooms");
    }
    if (space != null && !space.equals(client)) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "rooms of this endpoint are made by its owner '" + space + "'");
    }
    if (!mayCreate(client, roles)) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "creating rooms needs role 'primary' or 'owner'");
    }
    RoomState existing = entry.getValue();
    if (existing != null) {
      // A retry of this very create (its sequencer died after applying it) succeeds again.
      return existing.createdBy(socket, epoch) ? new RoomReply.Done(existing.seq(), existing.epoch(), true)
          : new RoomReply.Refused(ErrorCode.CONFLICT, "room '" + entry.getKey() + "' already exists");
    }
    entry.setValue(new RoomState(entry.getKey(), epoch, rules, client, socket, now));
    return new RoomReply.Done(0, epoch, false);
  }

  @Override
  public int getClassId() {
    return RoomSerialization.CREATE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(socket);
    out.writeString(client);
    out.writeStringArray(roles.toArray(new String[0]));
    out.writeString(rules);
    out.writeString(epoch);
    out.writeLong(now);
    out.writeString(space);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    socket = in.readString();
    client = in.readString();
    roles = List.of(in.readStringArray());
    rules = in.readString();
    epoch = in.readString();
    now = in.readLong();
    space = in.readString();
  }
}
