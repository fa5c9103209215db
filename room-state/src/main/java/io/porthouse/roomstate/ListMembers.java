package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.porthouse.core.protocol.ErrorCode;
import java.util.ArrayList;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * {@code members}: a page of a presence room's members, for a member; or, for a server-side member
 * (a bridge telling the room something), the nodes that hold members, whatever the room's
 * presence rule (no socket or client is shown). Changes nothing.
 */
public final class ListMembers extends RoomOp<MemberPage> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String socket;
  private String after;
  private int limit;
  private boolean nodesOnly;
  private boolean admin;

  ListMembers() {
  }

  public ListMembers(String socket, String after, int limit) {
    this.socket = socket;
    this.after = after;
    this.limit = limit;
  }

  /** This listing as the nodes holding members (each once, as the page's sockets; no more pages). */
  public ListMembers nodesOnly() {
    nodesOnly = true;
    return this;
  }

  /** This listing for the admin API (role owner, checked by the ingress): any room, whatever its presence rule. */
  public ListMembers forAdmin() {
    admin = true;
    return this;
  }

  @Override
  public MemberPage whileMerging(MemberPage answer) {
    return answer.whileMerging();
  }

  @Override
  public MemberPage process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      return MemberPage.refused(ErrorCode.NOT_FOUND, "no room '" + entry.getKey() + "'");
    }
    if (admin) {
      return new MemberPage(room.members(after, limit + 1), limit);
    }
    if (!room.isMember(socket)) {
      return MemberPage.refused(ErrorCode.FORBIDDEN, "join room '" + entry.getKey() + "' before listing its members");
    }
    if (nodesOnly) {
      List<String[]> nodes = new ArrayList<>();
      room.nodes().forEach(n -> nodes.add(new String[] {n, null}));
      return new MemberPage(nodes, Integer.MAX_VALUE);
    }
    if (!room.presence()) {
      return MemberPage.refused(ErrorCode.FORBIDDEN, "room '" + entry.getKey() + "' does not have rule 'presence'");
    }
    return new MemberPage(room.members(after, limit + 1), limit);
  }

  @Override
  public int getClassId() {
    return RoomSerialization.MEMBERS;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(socket);
    out.writeString(after);
    out.writeInt(limit);
    out.writeBoolean(nodesOnly);
    out.writeBoolean(admin);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    socket = in.readString();
    after = in.readString();
    limit = in.readInt();
    nodesOnly = in.readBoolean();
    admin = in.readBoolean();
  }
}
