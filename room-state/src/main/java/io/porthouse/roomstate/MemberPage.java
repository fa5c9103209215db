package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;

import java.io.IOException;
import java.util.List;

/** One page of a room's members (socket and client of each, in join order), or a refusal. */
public final class MemberPage implements IdentifiedDataSerializable {

  private String[] sockets = new String[0];
  private String[] clients = new String[0];
  private String[] infos = new String[0];
  private boolean more;
  private ErrorCode error;
  private String message;

  MemberPage() {
  }

  /** {@code found} holds up to {@code limit} + 1 members: one more than the page says there are more. */
  MemberPage(List<String[]> found, int limit) {
    List<String[]> page = found.size() > limit ? found.subList(0, limit) : found;
    this.sockets = page.stream().map(m -> m[0]).toArray(String[]::new);
    this.clients = page.stream().map(m -> m[1]).toArray(String[]::new);
    this.infos = page.stream().map(m -> m.length > 2 ? m[2] : null).toArray(String[]::new);
    this.more = found.size() > limit;
  }

  static MemberPage refused(ErrorCode code, String why) {
    MemberPage p = new MemberPage();
    p.error = code;
    p.message = why;
    return p;
  }

  /** This page as given while the cluster may still be merging ({@link RoomReply#whileMerging()}). */
  MemberPage whileMerging() {
    return RoomReply.Refused.isNoRoom(error, message)
        ? refused(ErrorCode.UNAVAILABLE, RoomReply.Refused.mergingMessage(message)) : this;
  }

  /** This page, or its refusal as the exception the ingress turns into an error frame. */
  public MemberPage orThrow() {
    if (error != null) {
      throw PorthouseException.of(error, message);
    }
    return this;
  }

  public int size() {
    return sockets.length;
  }

  public String socket(int i) {
    return sockets[i];
  }

  public String client(int i) {
    return clients[i];
  }

  /** What the join hook said of member {@code i} (JSON), or {@code null}. */
  public String info(int i) {
    return infos[i];
  }

  public boolean more() {
    return more;
  }

  @Override
  public int getFactoryId() {
    return HazelcastConfigs.ROOMS_SERIALIZATION_FACTORY;
  }

  @Override
  public int getClassId() {
    return RoomSerialization.MEMBER_PAGE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeStringArray(sockets);
    out.writeStringArray(clients);
    out.writeStringArray(infos);
    out.writeBoolean(more);
    out.writeInt(error == null ? -1 : error.ordinal());
    out.writeString(message);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    sockets = in.readStringArray();
    clients = in.readStringArray();
    infos = in.readStringArray();
    more = in.readBoolean();
    int code = in.readInt();
    error = code < 0 ? null : ErrorCode.values()[code];
    message = in.readString();
  }
}
