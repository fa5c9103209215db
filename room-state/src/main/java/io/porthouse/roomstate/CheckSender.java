package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Map;

/**
 * Whether a sender may send to the room now, as sequencing would check it (membership, or a
 * post's access rules; rule {@code send}; {@code to}), without sequencing anything: asked before
 * a message goes to the application's backend (publish hook), so the backend hears only of
 * messages the room would take. Changes nothing. Answers {@link RoomReply.Done} or the refusal.
 */
public final class CheckSender extends RoomOp<RoomReply> {

  @Serial
  private static final long serialVersionUID = 1L;
  private String socket;
  private String client;
  private List<String> postRoles;
  private boolean to;

  /** The form Hazelcast fills from the wire. */
  public CheckSender() {
  }

  /**
   * @param socket    the sending socket, or {@code null} for a post
   * @param client    a post's client
   * @param postRoles a post's roles ({@code null} for a socket's send)
   * @param to        the message names receivers
   */
  public CheckSender(String socket, String client, List<String> postRoles, boolean to) {
    this.socket = socket;
    this.client = client;
    this.postRoles = postRoles == null ? null : List.copyOf(postRoles);
    this.to = to;
  }

  @Override
  public RoomReply process(Map.Entry<String, RoomState> entry) {
    RoomState room = entry.getValue();
    if (room == null) {
      return RoomReply.Refused.noRoom(entry.getKey());
    }
    RoomReply.Refused refused = room.senderRefusal(socket, client, postRoles, to);
    return refused != null ? refused : new RoomReply.Done(room.seq(), room.epoch(), false);
  }

  @Override
  public int getClassId() {
    return RoomSerialization.CHECK_SENDER;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(socket);
    out.writeString(client);
    out.writeStringArray(postRoles == null ? null : postRoles.toArray(new String[0]));
    out.writeBoolean(to);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    socket = in.readString();
    client = in.readString();
    String[] roles = in.readStringArray();
    postRoles = roles == null ? null : List.of(roles);
    to = in.readBoolean();
  }
}
